package dev.dronedispatch.simulator.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(ManagementServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesHealthMetricsAndApiDocsAndAnswersProblemsOtherwise() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("simulator.ticks").increment(3);
    AtomicBoolean up = new AtomicBoolean(true);
    try (ManagementServer server =
        ManagementServer.start(
            "127.0.0.1",
            0,
            registry,
            () -> new ManagementServer.HealthReport(up.get(), Map.of("drones", 7)))) {
      HttpResponse<String> health = get(server, "/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"drones\":7");

      up.set(false);
      assertThat(get(server, "/actuator/health").statusCode()).isEqualTo(503);

      HttpResponse<String> metrics = get(server, "/actuator/prometheus");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("simulator_ticks_total 3.0");

      assertThat(get(server, "/v3/api-docs").body()).contains("\"openapi\"");

      HttpResponse<String> missing = get(server, "/nope");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(missing.body()).contains("\"status\":404");

      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/actuator/health"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }
}
