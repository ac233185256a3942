package dev.dronedispatch.bench;

import dev.dronedispatch.bench.cpu.CpuSnapshot;
import dev.dronedispatch.bench.cpu.CpuUse;
import dev.dronedispatch.checking.history.StatusContract;
import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.launcher.PortBlock;
import dev.dronedispatch.launcher.SystemPlan;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ops.replay.ReplayQuery;
import dev.dronedispatch.ops.replay.TopicReplay;
import dev.dronedispatch.ordergen.measure.Report;
import dev.dronedispatch.ordergen.run.OrderGenSettings;
import dev.dronedispatch.ordergen.run.OrderGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Dispatch throughput: the full local system (real broker, three KV nodes and the coordinator with
 * RF=2 and fsync, gateway, K dispatch instances, the fleet simulator with N drones, started cold),
 * deliveries posted through the gateway open-loop at a constant rate, then the read_committed
 * {@code deliveries.status} history judged. Request→assigned latency runs from each order's
 * intended send time (corrected for coordinated omission).
 */
@Command(
    name = "dispatch",
    mixinStandardHelpOptions = true,
    description =
        "Offers deliveries at a constant rate and reports assignments per second, request->assigned"
            + " latency, the backlog left and double assignments.")
final class DispatchBench implements Callable<Integer> {

  private static final Set<Violation.Kind> DOUBLE_ASSIGNMENTS =
      Set.of(Violation.Kind.ASSIGNED_TWICE, Violation.Kind.DRONE_DOUBLE_BOOKED);

  /**
   * How long before a double assignment found is looked for again. The history is read while the
   * dispatchers run, and read_committed gives no single cut across partitions: one task's
   * "delivered" can still sit in an open transaction while another task's next "assigned" of the
   * same drone is visible. Once that transaction commits the false double is gone; a real one
   * stays.
   */
  private static final Duration DOUBLE_RECHECK = Duration.ofSeconds(15);

  /** Double assignments printed in full before the summary line, to start the diagnosis. */
  private static final int SHOWN_DOUBLES = 10;

  @Option(names = "--rate", required = true, description = "Deliveries offered per second.")
  double rate;

  @Option(names = "--seconds", defaultValue = "60", description = "Offered load duration.")
  int seconds;

  @Option(
      names = "--drones",
      defaultValue = "2000",
      description = "Fleet size (all start inactive).")
  int drones;

  @Option(names = "--instances", defaultValue = "1", description = "Dispatch instances (1 or 2).")
  int instances;

  @Option(
      names = "--time-acceleration",
      defaultValue = "60",
      description = "Simulated seconds per real second.")
  double timeAcceleration;

  @Option(
      names = "--settle",
      defaultValue = "10",
      description = "Seconds to wait after the load for outstanding answers.")
  int settle;

  @Option(names = "--concurrency", defaultValue = "256", description = "POSTs in flight at most.")
  int concurrency;

  @Option(
      names = "--jfr",
      description = "Record the dispatch instances with JFR while the load is offered.")
  boolean jfr;

  @Option(
      names = "--sample-seconds",
      defaultValue = "5",
      description = "Seconds between the printed fleet and backlog samples (the ramp).")
  int sampleSeconds;

  @Mixin BenchSystem bench;

  @Mixin Series series;

  @Override
  public Integer call() throws Exception {
    if (series.isSeries()) {
      return series.run("dispatch");
    }
    Path data = bench.freshDataDir();
    LaunchOptions options =
        bench.tuned(
            PortBlock.options(
                PortBlock.reserve(),
                bench.home(),
                data,
                drones,
                timeAcceleration,
                false,
                instances));
    try (LocalSystem system =
        new LocalSystem(options, line -> System.out.println("[bench] " + line)).start()) {
      FlightRecordings recordings = new FlightRecordings(dispatchPids(system, options), data);
      Instant start = Instant.now();
      Report report;
      try (FleetSampler ramp =
          FleetSampler.every(
              Duration.ofSeconds(sampleSeconds),
              "http://127.0.0.1:" + options.dispatchPort(0),
              line -> System.out.println("[bench] " + line))) {
        if (jfr) {
          recordings.start();
        }
        CpuSnapshot before = CpuSnapshot.take(system.pids());
        report = offer(options, system.credentials().apiKey());
        CpuUse cpu = CpuUse.between(before, CpuSnapshot.take(system.pids()));
        System.out.println("[bench] " + cpu.format(report.created() / cpu.seconds()));
        if (jfr) {
          recordings.stop();
          System.out.println("[bench] JFR recordings of the dispatch instances in " + data);
        }
      }
      Instant end = start.plusSeconds(seconds);
      List<DeliveryStatusChanged> history = statusHistory(options, start);
      List<Violation> doubles = confirmed(doubleAssignments(history), options, start);
      doubles.stream()
          .limit(SHOWN_DOUBLES)
          .forEach(v -> System.out.println("[bench] double assignment: " + v));
      System.out.println(summary(report, history, doubles.size(), start, end));
      System.out.println("[bench] data and logs in " + data);
    }
    return 0;
  }

  private static Map<String, Long> dispatchPids(LocalSystem system, LaunchOptions options) {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (int i = 0; i < options.dispatchers(); i++) {
      String name = SystemPlan.instanceName("dispatch", i);
      pids.put(name, system.pid(name));
    }
    return pids;
  }

  private Report offer(LaunchOptions options, String apiKey) throws Exception {
    OrderGenSettings settings =
        new OrderGenSettings(
            options.gatewayUrl(),
            Optional.of(apiKey),
            Optional.of(rate),
            List.of(),
            Duration.ofSeconds(seconds),
            0,
            concurrency,
            0.2,
            10.0,
            42,
            Optional.of(options.kafkaBootstrap()),
            Duration.ofSeconds(5),
            Duration.ofSeconds(settle),
            Duration.ofSeconds(5),
            Duration.ofSeconds(60),
            2,
            2);
    try (OrderGenerator gen = OrderGenerator.start(settings, System.out)) {
      try {
        return gen.report(Duration.ofSeconds(seconds + settle));
      } catch (TimeoutException behind) {
        // With --concurrency POSTs outstanding and slow answers, the generator falls behind its
        // schedule and would keep sending long after the window: the run stays bounded, and
        // "offered" reports what could actually be sent.
        System.out.println(
            "[bench] the offer fell behind its schedule (POSTs answered slower than offered);"
                + " no more orders are sent");
        gen.stop();
        return gen.report(Duration.ofSeconds(settle + 120L));
      }
    }
  }

  private static List<DeliveryStatusChanged> statusHistory(LaunchOptions options, Instant start) {
    List<DeliveryStatusChanged> history = new ArrayList<>();
    new TopicReplay(options.kafkaBootstrap())
        .replayValues(
            ReplayQuery.window(
                Topics.DELIVERIES_STATUS.name(),
                Optional.of(start.minusSeconds(5)),
                Optional.empty()),
            DeliveryStatusChanged.class,
            history::add);
    return history;
  }

  /** The doubles that are still there when the history is read again (see DOUBLE_RECHECK). */
  private static List<Violation> confirmed(
      List<Violation> found, LaunchOptions options, Instant start) throws InterruptedException {
    if (found.isEmpty()) {
      return found;
    }
    System.out.println(
        "[bench] "
            + found.size()
            + " double assignment(s) in the history as read; reading again in "
            + DOUBLE_RECHECK.toSeconds()
            + " s, once open transactions are decided");
    Thread.sleep(DOUBLE_RECHECK.toMillis());
    Set<Violation> again = new HashSet<>(doubleAssignments(statusHistory(options, start)));
    return found.stream().filter(again::contains).toList();
  }

  private static List<Violation> doubleAssignments(List<DeliveryStatusChanged> history) {
    return StatusContract.check(history, Set.of()).violations().stream()
        .filter(v -> DOUBLE_ASSIGNMENTS.contains(v.kind()))
        .toList();
  }

  /** The one line: offered and assigned per second, latency, backlog at the end, doubles. */
  private String summary(
      Report report,
      List<DeliveryStatusChanged> history,
      long doubles,
      Instant start,
      Instant end) {
    long assignedInRun =
        history.stream()
            .filter(e -> e.reason() != null && e.reason().equals("assigned"))
            .filter(e -> !e.ts().isBefore(start) && !e.ts().isAfter(end))
            .count();
    long backlog = report.created() - assignedInRun;
    return String.format(
        java.util.Locale.ROOT,
        "dispatch: offered=%.0f assigned=%.1f p50=%.0f p95=%.0f p99=%.0f backlog=%d double=%d",
        report.sent() / (double) seconds,
        assignedInRun / (double) seconds,
        report.requestToAssigned().p50Ms(),
        report.requestToAssigned().p95Ms(),
        report.requestToAssigned().p99Ms(),
        Math.max(0, backlog),
        doubles);
  }
}
