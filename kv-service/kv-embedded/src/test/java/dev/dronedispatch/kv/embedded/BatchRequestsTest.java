package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /kv/batch} with operations over plain HTTP against a real cluster: refusals of the
 * whole request as problems naming the bad operation, and a failure of one operation reported in
 * its own result while the others succeed.
 */
class BatchRequestsTest {

  @TempDir static Path dir;
  static LocalKvCluster cluster;
  static String front;

  @BeforeAll
  static void start() {
    cluster = LocalKvCluster.start(dir);
    front = cluster.coordinatorUrl();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Http.Res batch(String ops) {
    return Http.post(front + "/kv/batch", "{\"ops\":[" + ops + "]}");
  }

  static void assertProblem(Http.Res r, int status, String type) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.body().path("type").asString())
        .isEqualTo("https://dronedispatch.dev/problems/" + type);
    assertThat(r.body().path("status").asInt()).isEqualTo(status);
  }

  @Test
  void aBadOperationRefusesTheWholeBatchNamingItsIndex() {
    Http.Res r =
        batch(
            "{\"op\":\"get\",\"key\":\"b:x\"},"
                + "{\"op\":\"put\",\"key\":\"b:refused\",\"value\":1},"
                + "{\"op\":\"cas\",\"key\":\"b:x\",\"new\":1}");
    assertProblem(r, 400, "bad-request");
    assertThat(r.body().path("detail").asString()).startsWith("operation 2: ");
    assertThat(r.body().path("index").asInt()).isEqualTo(2);
    assertThat(Http.get(front + "/kv/b:refused").status()).isEqualTo(404);

    Http.Res unknown = batch("{\"op\":\"increment\",\"key\":\"b:x\"}");
    assertProblem(unknown, 400, "bad-request");
    assertThat(unknown.body().path("index").asInt()).isZero();

    Http.Res longKey =
        batch(
            "{\"op\":\"get\",\"key\":\"b:x\"},{\"op\":\"get\",\"key\":\""
                + "k".repeat(513)
                + "\"}");
    assertProblem(longKey, 413, "kv-key-too-large");
    assertThat(longKey.body().path("index").asInt()).isEqualTo(1);
  }

  @Test
  void emptyAmbiguousAndOversizedBatchesAreRefused() {
    Http.Res empty = batch("");
    assertProblem(empty, 400, "bad-request");
    assertThat(empty.body().has("index")).isFalse();
    assertProblem(Http.post(front + "/kv/batch", "{\"ops\":[],\"keys\":[]}"), 400, "bad-request");
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      ops.add("{\"op\":\"get\",\"key\":\"b:" + i + "\"}");
    }
    Http.Res tooMany = batch(String.join(",", ops));
    assertProblem(tooMany, 413, "kv-batch-too-large");
    assertThat(tooMany.body().path("detail").asString()).contains("256");
    assertThat(batch(String.join(",", ops.subList(0, 256))).status()).isEqualTo(200);
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
          batch(
              "{\"op\":\"get\",\"key\":\""
                  + unreachable
                  + "\"},{\"op\":\"get\",\"key\":\""
                  + reachable
                  + "\"}");
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
      Http.eventually(
          Duration.ofSeconds(10),
          () -> cluster.coordinator().coordinator().health().healthyCount() == 3);
    }
  }
}
