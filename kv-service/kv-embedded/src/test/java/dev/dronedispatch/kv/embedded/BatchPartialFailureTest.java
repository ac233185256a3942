package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A batch's operation that cannot be served fails alone, in its result. On a cluster of its own:
 * stopping two nodes leaves the coordinator's view of them settling for a while after they return,
 * which must not leak into tests that read its health.
 */
class BatchPartialFailureTest {

  @TempDir static Path dir;
  static LocalKvCluster cluster;
  static String front;

  @BeforeAll
  static void start() {
    cluster = Http.authorize(LocalKvCluster.start(dir));
    front = cluster.coordinatorUrl();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void anOperationWhoseReplicasAreDownFailsAloneInItsResult() {
    List<String> urls = cluster.nodeUrls();
    Set<String> stopped = Set.of(urls.get(0), urls.get(1));
    String unreachable = null;
    String reachable = null;
    for (int i = 0; unreachable == null || reachable == null; i++) {
      String key = "b:placed:" + i;
      JsonNode prefs =
          Http.get(front + "/kv/" + enc(key) + "/replicas").body().path("preference_list");
      boolean bothStopped =
          stopped.contains(prefs.get(0).asString()) && stopped.contains(prefs.get(1).asString());
      if (bothStopped && unreachable == null) {
        unreachable = key;
      } else if (!bothStopped && reachable == null) {
        reachable = key;
      }
    }
    assertThat(Http.put(front + "/kv/" + enc(reachable), "{\"value\":7}").status()).isEqualTo(200);
    cluster.stopNode(0);
    cluster.stopNode(1);
    try {
      Http.Res r =
          Http.post(
              front + "/kv/batch",
              "{\"ops\":["
                  + "{\"op\":\"get\",\"key\":\""
                  + unreachable
                  + "\"},{\"op\":\"get\",\"key\":\""
                  + reachable
                  + "\"}"
                  + "]}");
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      JsonNode failed = r.body().path("results").get(0);
      assertThat(failed.path("status").asInt()).isEqualTo(503);
      assertThat(failed.path("body").path("type").asString()).endsWith("/kv-unavailable");
      JsonNode served = r.body().path("results").get(1);
      assertThat(served.path("status").asInt()).isEqualTo(200);
      assertThat(served.path("body").path("value").asInt()).isEqualTo(7);
    } finally {
      cluster.startNode(0);
      cluster.startNode(1);
      assertThat(
              Http.eventually(
                  Duration.ofSeconds(10),
                  () -> cluster.coordinator().coordinator().health().healthyCount() == 3))
          .isTrue();
    }
  }
}
