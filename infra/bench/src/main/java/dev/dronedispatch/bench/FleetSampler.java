package dev.dronedispatch.bench;

import dev.dronedispatch.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Prints the fleet's ramp while a benchmark runs: every period, the drones by status and the
 * deliveries waiting, read from a dispatch instance's query endpoints. The fleet starts inactive,
 * so these lines show how fast the autoscaler wakes it against the backlog.
 */
final class FleetSampler implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fleet-sampler");
            t.setDaemon(true);
            return t;
          });
  private final String dispatchUrl;
  private final Consumer<String> out;
  private final long startNanos = System.nanoTime();

  private FleetSampler(String dispatchUrl, Consumer<String> out) {
    this.dispatchUrl = dispatchUrl;
    this.out = out;
  }

  static FleetSampler every(Duration period, String dispatchUrl, Consumer<String> out) {
    FleetSampler sampler = new FleetSampler(dispatchUrl, out);
    sampler.timer.scheduleAtFixedRate(sampler::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return sampler;
  }

  private void sample() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    try {
      JsonNode byStatus = get("/dispatch/fleet").path("by_status");
      JsonNode pending = get("/dispatch/pending");
      out.accept(
          String.format(
              Locale.ROOT,
              "fleet t=%.0fs inactive=%d idle=%d busy=%d charging=%d pending=%d oldest_s=%.1f",
              elapsed,
              byStatus.path("inactive").asInt(),
              byStatus.path("idle").asInt(),
              byStatus.path("busy").asInt(),
              byStatus.path("charging").asInt(),
              pending.path("pending").asLong(),
              pending.path("oldest_pending_age_s").asDouble()));
    } catch (IOException | RuntimeException e) {
      out.accept(String.format(Locale.ROOT, "fleet t=%.0fs unreadable: %s", elapsed, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(dispatchUrl + path)).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(path + " answered " + r.statusCode());
    }
    return Json.mapper().readTree(r.body());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
