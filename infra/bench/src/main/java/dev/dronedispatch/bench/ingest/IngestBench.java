package dev.dronedispatch.bench.ingest;

import dev.dronedispatch.bench.BenchSystem;
import dev.dronedispatch.bench.FlightRecordings;
import dev.dronedispatch.bench.Series;
import dev.dronedispatch.bench.cpu.CpuSnapshot;
import dev.dronedispatch.bench.cpu.CpuUse;
import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalCredentials;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.launcher.PortBlock;
import dev.dronedispatch.launcher.SystemPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Ingest throughput: the local system (real broker, three KV nodes and the coordinator with RF=2
 * and fsync, one gateway, or three behind Debian's nginx with the project's configuration), keyed
 * POST /deliveries offered open-loop at a constant rate after a warm-up, then every 201 checked
 * against the KV and {@code deliveries.requested}. The dispatcher and the fleet simulator are
 * stopped once up unless {@code --dispatch}: they would share the cores with the path measured, and
 * a small fleet facing thousands of orders a second makes admission control close.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Offers keyed POST /deliveries at a constant rate and reports accepted per second,"
            + " coordinated-omission-corrected latency, errors and 201s lost.")
public final class IngestBench implements Callable<Integer> {

  @Option(names = "--rate", required = true, description = "POSTs offered per second.")
  double rate;

  @Option(names = "--seconds", defaultValue = "30", description = "Measured load duration.")
  int seconds;

  @Option(names = "--gateways", defaultValue = "1", description = "1, or 3 behind nginx.")
  int gateways;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "Seconds of load at the same rate first, not measured.")
  int warmup;

  @Option(
      names = "--concurrency",
      defaultValue = "2048",
      description = "POSTs outstanding at most.")
  int concurrency;

  @Option(names = "--dispatch", description = "Keep the dispatcher and fleet simulator running.")
  boolean dispatch;

  @Option(
      names = "--jfr",
      description = "Record the gateways and the KV processes with JFR during the measured load.")
  boolean jfr;

  @Mixin BenchSystem bench;

  @Mixin Series series;

  @Override
  public Integer call() throws Exception {
    if (series.isSeries()) {
      return series.run("ingest");
    }
    if (gateways != 1 && gateways != 3) {
      throw new IllegalArgumentException("--gateways must be 1 or 3");
    }
    Path data = bench.freshDataDir();
    LaunchOptions options =
        bench.tuned(
            PortBlock.options(PortBlock.reserve(), bench.home(), data, 50, 60, false, 1)
                .withGateways(gateways));
    String summary;
    try (LocalSystem system =
        new LocalSystem(options, line -> System.out.println("[bench] " + line)).start()) {
      if (!dispatch) {
        stop(system, "fleet-simulator");
        stop(system, "dispatch");
      }
      Map<String, Long> recorded = new LinkedHashMap<>();
      for (int i = 0; i < options.gateways(); i++) {
        String gateway = SystemPlan.instanceName("gateway", i);
        recorded.put(gateway, system.pid(gateway));
      }
      recorded.put("kv-coordinator", system.pid("kv-coordinator"));
      for (int i = 0; i < options.kvNodes(); i++) {
        recorded.put(SystemPlan.nodeName(i), system.pid(SystemPlan.nodeName(i)));
      }
      System.out.println("[bench] offering to " + options.gatewayUrl());
      summary =
          measure(
              options.gatewayUrl(),
              options,
              system.credentials(),
              new FlightRecordings(recorded, data),
              system);
    }
    System.out.println("[bench] data and logs in " + data);
    System.out.println(summary);
    return 0;
  }

  private String measure(
      String url,
      LaunchOptions options,
      LocalCredentials credentials,
      FlightRecordings recordings,
      LocalSystem system)
      throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    OpenLoopPosts posts =
        new OpenLoopPosts(url, credentials.apiKey(), concurrency, Duration.ofSeconds(10));
    try {
      if (warmup > 0) {
        OpenLoopPosts.Result w = posts.run(rate, Duration.ofSeconds(warmup), accepted);
        System.out.printf(
            Locale.ROOT,
            "[bench] warm-up: sent=%d created=%d errors=%s latency %s%n",
            w.sent(),
            w.created(),
            w.errors(),
            w.latency().format());
      }
      if (jfr) {
        recordings.start();
      }
      CpuSnapshot before = CpuSnapshot.take(system.pids());
      OpenLoopPosts.Result r = posts.run(rate, Duration.ofSeconds(seconds), accepted);
      CpuUse cpu = CpuUse.between(before, CpuSnapshot.take(system.pids()));
      if (jfr) {
        recordings.stop();
      }
      System.out.printf(
          Locale.ROOT,
          "[bench] measured: sent=%d created=%d replayed=%d in %.1f s errors=%s latency %s%n",
          r.sent(),
          r.created(),
          r.replayed(),
          r.elapsed().toMillis() / 1e3,
          r.errors(),
          r.latency().format());
      System.out.println("[bench] " + cpu.format(r.acceptedPerSecond()));
      System.out.println(
          "[bench] load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
      Set<String> lost =
          AcceptedCheck.lost(
              accepted, options.kvUrl(), credentials.kvAuthToken(), options.kafkaBootstrap());
      lost.stream().limit(10).forEach(id -> System.out.println("[bench] lost: " + id));
      return String.format(
          Locale.ROOT,
          "ingest: offered=%.0f accepted=%.0f p50=%.1f p99=%.1f errors=%d lost=%d",
          r.sent() / (double) seconds,
          r.acceptedPerSecond(),
          r.latency().p50Ms(),
          r.latency().p99Ms(),
          r.errorCount(),
          lost.size());
    } finally {
      posts.close();
    }
  }

  private static void stop(LocalSystem system, String service) throws Exception {
    ProcessHandle p = ProcessHandle.of(system.pid(service)).orElseThrow();
    p.destroy();
    p.onExit().get(20, TimeUnit.SECONDS);
    System.out.println("[bench] stopped " + service + " (the ingest path is measured alone)");
  }
}
