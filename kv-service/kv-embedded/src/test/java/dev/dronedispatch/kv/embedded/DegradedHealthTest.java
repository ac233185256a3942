package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.http.HttpKvClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * The coordinator's health tells a missing node apart from a healthy cluster: {@code degraded}
 * (still 200) with the unreachable nodes and the hints pending per node, in {@code /health}, {@code
 * /actuator/health} and the metrics; 503 only once no write can be acknowledged.
 */
class DegradedHealthTest {

  @TempDir Path dir;

  static final Duration NOTICED = Duration.ofSeconds(10);

  static boolean healthSays(String front, int status, String state) {
    Http.Res r = Http.get(front + "/health");
    return r.status() == status && r.body().path("status").asString().equals(state);
  }

  @Test
  void aMissingNodeIsReportedAsDegradedAndNoReachableNodeAsDown() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      String front = c.coordinatorUrl();
      JsonNode ok = Http.get(front + "/health").body();
      assertThat(ok.path("status").asString()).isEqualTo("ok");
      assertThat(ok.path("unreachable").size()).isZero();

      c.stopNode(1);
      assertThat(eventually(NOTICED, () -> healthSays(front, 200, "degraded"))).isTrue();
      for (int i = 0; i < 30; i++) {
        client.put("degraded:" + i, IntNode.valueOf(i)).block();
      }
      long owed = c.coordinator().hints().count("node-b");
      assertThat(owed).isPositive();

      Http.Res degraded = Http.get(front + "/health");
      assertThat(degraded.status()).isEqualTo(200);
      assertThat(degraded.body().path("healthy").asInt()).isEqualTo(2);
      assertThat(degraded.body().path("unreachable").toString()).isEqualTo("[\"node-b\"]");
      assertThat(degraded.body().path("pending_hints").path("node-b").asLong()).isEqualTo(owed);
      assertThat(degraded.body().path("pending_hints").path("node-a").asLong()).isZero();
      Http.Res actuator = Http.get(front + "/actuator/health");
      assertThat(actuator.status()).isEqualTo(200);
      assertThat(actuator.body().path("status").asString()).isEqualTo("DEGRADED");
      JsonNode components = actuator.body().path("components");
      assertThat(components.path("nodes").path("status").asString()).isEqualTo("DEGRADED");
      assertThat(components.path("nodes").path("unreachable").toString()).isEqualTo("[\"node-b\"]");
      assertThat(components.path("hints").path("by_node").path("node-b").asLong()).isEqualTo(owed);
      assertThat(Http.get(front + "/actuator/health/readiness").status()).isEqualTo(200);
      String metrics = Http.get(front + "/actuator/prometheus").raw();
      assertThat(metrics)
          .contains("kv_nodes_reachable{application=\"kv-coordinator\"} 2.0")
          .contains(
              "kv_hints_pending_node{application=\"kv-coordinator\",node=\"node-b\"} "
                  + owed
                  + ".0");

      // one node left still takes writes (DEGRADED_WRITES=allow), none does not
      c.stopNode(0);
      assertThat(
              eventually(
                  NOTICED, () -> Http.get(front + "/health").body().path("healthy").asInt() == 1))
          .isTrue();
      assertThat(healthSays(front, 200, "degraded")).isTrue();
      c.stopNode(2);
      assertThat(eventually(NOTICED, () -> healthSays(front, 503, "down"))).isTrue();
      Http.Res down = Http.get(front + "/actuator/health");
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.body().path("status").asString()).isEqualTo("DOWN");

      c.startNode(0);
      c.startNode(1);
      c.startNode(2);
      assertThat(eventually(NOTICED, () -> healthSays(front, 200, "ok"))).isTrue();
      assertThat(
              eventually(
                  NOTICED,
                  () ->
                      Http.get(front + "/health")
                              .body()
                              .path("pending_hints")
                              .path("node-b")
                              .asLong()
                          == 0))
          .isTrue();
      assertThat(Http.get(front + "/actuator/health").body().path("status").asString())
          .isEqualTo("UP");
    }
  }
}
