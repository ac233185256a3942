package dev.dronedispatch.bench.demo;

import dev.dronedispatch.bench.BenchSystem;
import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.launcher.PortBlock;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.ops.backlog.BacklogHistory;
import dev.dronedispatch.ops.backlog.BacklogTimeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * The default demo as {@code ./run.sh} starts it (its fleet, its time acceleration, its bursty
 * order generator), run for a bounded time: does it keep up with its own orders? The backlog is
 * read afterwards from the read_committed topics (every request on {@code deliveries.requested}
 * against its first {@code assigned} on {@code deliveries.status}), so it includes the requests no
 * dispatcher had taken in yet; the dispatcher's own count is printed as progress meanwhile.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs the default demo for a bounded time and reports its backlog over time and"
            + " request->assigned latency.")
public final class DemoBench implements Callable<Integer> {

  @Option(
      names = "--minutes",
      defaultValue = "15",
      description = "How long the demo runs, in minutes. Default: ${DEFAULT-VALUE}.")
  int minutes;

  @Option(
      names = "--drones",
      defaultValue = LaunchOptions.DEFAULT_DRONES,
      description = "Fleet size. Default: ${DEFAULT-VALUE}, the launcher's.")
  int drones;

  @Option(
      names = "--time-acceleration",
      defaultValue = LaunchOptions.DEFAULT_TIME_ACCELERATION,
      description = "Simulated seconds per real second. Default: ${DEFAULT-VALUE}, the launcher's.")
  double timeAcceleration;

  @Option(
      names = "--order-load",
      defaultValue = "1",
      description =
          "Multiplies the order generator's rates, as the launcher's --order-load. Default:"
              + " ${DEFAULT-VALUE}.")
  double orderLoad;

  @Option(
      names = "--sample-seconds",
      defaultValue = "20",
      description =
          "Seconds between two backlog samples and progress lines. Default: ${DEFAULT-VALUE}.")
  int sampleSeconds;

  @Mixin BenchSystem bench;

  @Override
  public Integer call() throws Exception {
    if (minutes < 1 || sampleSeconds < 1 || orderLoad <= 0) {
      System.err.println("--minutes and --sample-seconds must be >= 1, --order-load > 0");
      return 2;
    }
    Path data = bench.freshDataDir();
    LaunchOptions options =
        bench.tuned(
            PortBlock.options(
                    PortBlock.reserve(), bench.home(), data, drones, timeAcceleration, false, 1)
                .withOrderGenerator(orderLoad));
    try (LocalSystem system =
        new LocalSystem(options, line -> System.out.println("[bench] " + line)).start()) {
      Instant start = Instant.now();
      Instant end = start.plus(Duration.ofMinutes(minutes));
      watch(options, start, end);
      BacklogTimeline timeline =
          BacklogHistory.read(options.kafkaBootstrap(), start.minusSeconds(60));
      System.out.println(summary(timeline, start, end));
      System.out.println("[bench] data and logs in " + data);
    }
    return 0;
  }

  /** Progress until {@code end}: the dispatcher's own pending count, every sample period. */
  private void watch(LaunchOptions options, Instant start, Instant end)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI pending = URI.create("http://127.0.0.1:" + options.dispatchPort(0) + "/dispatch/pending");
    while (Instant.now().isBefore(end)) {
      Thread.sleep(
          Math.min(
              Duration.ofSeconds(sampleSeconds).toMillis(),
              Math.max(1, Duration.between(Instant.now(), end).toMillis())));
      long t = Duration.between(start, Instant.now()).toSeconds();
      System.out.println("[bench] t=" + t + "s " + dispatcherPending(http, pending));
    }
  }

  private static String dispatcherPending(HttpClient http, URI uri) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return "dispatcher answered " + r.statusCode();
      }
      JsonNode n = Json.mapper().readTree(r.body());
      return "dispatcher pending="
          + n.path("pending").asLong()
          + " oldest="
          + (n.path("oldest_pending_age_s").isNumber()
              ? String.format(Locale.ROOT, "%.1fs", n.path("oldest_pending_age_s").asDouble())
              : "-");
    } catch (java.io.IOException e) {
      return "dispatcher not answering (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The one line; the backlog samples over the run are printed before it. */
  private String summary(BacklogTimeline timeline, Instant start, Instant end) {
    List<BacklogTimeline.Sample> samples =
        timeline.every(start, end, Duration.ofSeconds(sampleSeconds));
    samples.forEach(
        s ->
            System.out.printf(
                Locale.ROOT,
                "[bench] backlog at t=%ds: %d pending, oldest waiting %.1fs%n",
                Duration.between(start, s.at()).toSeconds(),
                s.pending(),
                s.oldestWait().toMillis() / 1000.0));
    int backlogMax = samples.stream().mapToInt(BacklogTimeline.Sample::pending).max().orElse(0);
    double oldestMaxS =
        samples.stream().mapToLong(s -> s.oldestWait().toMillis()).max().orElse(0) / 1000.0;
    Histogram latency = new Histogram(3);
    timeline.requestToAssignedMs(start, end).forEach(latency::recordValue);
    return String.format(
        Locale.ROOT,
        "demo: minutes=%d requested=%d assigned=%d backlog_max=%d backlog_end=%d"
            + " oldest_wait_max_s=%.1f p50=%d p95=%d",
        minutes,
        timeline.requestedBetween(start, end),
        latency.getTotalCount(),
        backlogMax,
        samples.isEmpty() ? 0 : samples.get(samples.size() - 1).pending(),
        oldestMaxS,
        latency.getValueAtPercentile(50),
        latency.getValueAtPercentile(95));
  }
}
