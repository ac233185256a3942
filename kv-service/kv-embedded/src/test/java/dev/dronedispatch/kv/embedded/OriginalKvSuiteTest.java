package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.enc;
import static dev.dronedispatch.kv.embedded.Http.eventually;
import static dev.dronedispatch.kv.embedded.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The original's kv_tests.sh (KV1–KV9), placement-independent: which nodes hold a key is asked of
 * {@code /kv/{key}/replicas} instead of assumed, and every wait is a poll with a deadline.
 */
class OriginalKvSuiteTest {

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

  static List<String> preference(String key) {
    JsonNode r = Http.get(front + "/kv/" + enc(key) + "/replicas").body();
    List<String> out = new ArrayList<>();
    r.path("preference_list").forEach(n -> out.add(n.asString()));
    return out;
  }

  static int indexOf(String url) {
    return cluster.nodeUrls().indexOf(url);
  }

  static Http.Res direct(String nodeUrl, String key) {
    return Http.get(nodeUrl + "/kv/" + enc(key));
  }

  static String delivery(String id, String extra) {
    return "{\"id\":\""
        + id
        + "\",\"status\":\"pending\",\"weight\":3.2,"
        + "\"origin\":{\"lat\":45.46,\"lon\":9.19}"
        + extra
        + "}";
  }

  @Test
  void kv1PutGetLastWriteWinsRefusesAnOlderDirectWrite() {
    String key = "delivery:test-basic-1";
    assertThat(
            Http.put(front + "/kv/" + enc(key), "{\"value\":" + delivery("test-basic-1", "") + "}")
                .status())
        .isEqualTo(200);
    String replica = preference(key).get(0);
    Http.Res stale =
        Http.put(
            replica + "/kv/" + enc(key),
            "{\"value\":" + delivery("test-basic-1", ",\"note\":\"old\"") + ",\"ts\":1}");
    assertThat(stale.body().path("applied").asBoolean()).isFalse();
    Http.Res got = Http.get(front + "/kv/" + enc(key));
    assertThat(got.raw()).contains("\"status\":\"pending\"").doesNotContain("\"note\":\"old\"");
  }

  @Test
  void kv2CasSuccessFailAndRace() {
    String key = "drone:test-cas-1";
    String base =
        "{\"id\":\"drone-x\",\"status\":\"idle\",\"battery\":80,\"pos\":{\"lat\":1,\"lon\":2}}";
    Http.put(front + "/kv/" + enc(key), "{\"value\":" + base + "}");
    String charging = base.replace("idle", "charging").replace("80", "25");
    assertThat(cas(key, base, charging).path("ok").asBoolean()).isTrue();
    JsonNode second = cas(key, base, base.replace("80", "90"));
    assertThat(second.path("ok").asBoolean()).isFalse();
    assertThat(second.path("current")).isEqualTo(json(charging));
    Http.put(front + "/kv/" + enc(key), "{\"value\":" + base + "}");
    CompletableFuture<JsonNode> a =
        CompletableFuture.supplyAsync(
            () -> cas(key, base, base.replace("idle", "busy").replace("}", ",\"d\":\"D-A\"}")));
    CompletableFuture<JsonNode> b =
        CompletableFuture.supplyAsync(
            () -> cas(key, base, base.replace("idle", "busy").replace("}", ",\"d\":\"D-B\"}")));
    int wins =
        (a.join().path("ok").asBoolean() ? 1 : 0) + (b.join().path("ok").asBoolean() ? 1 : 0);
    assertThat(wins).isEqualTo(1);
  }

  static JsonNode cas(String key, String old, String next) {
    return Http.post(
            front + "/kv/cas", "{\"key\":\"" + key + "\",\"old\":" + old + ",\"new\":" + next + "}")
        .body();
  }

  @Test
  void kv3ReadRepairFixesAStaleReplica() {
    String key = "delivery:test-read-repair-1";
    Http.put(front + "/kv/" + enc(key), "{\"value\":" + delivery("rr", "") + "}");
    List<String> pref = preference(key);
    // one replica gets a newer write the other missed: the other is now the stale one
    JsonNode fresh = direct(pref.get(0), key).body();
    long newerTs = fresh.path("ts").asLong() + 1000;
    Http.put(
        pref.get(0) + "/kv/" + enc(key),
        "{\"value\":" + delivery("rr", ",\"note\":\"fresh\"") + ",\"ts\":" + newerTs + "}");
    assertThat(direct(pref.get(1), key).raw()).doesNotContain("fresh");
    assertThat(Http.get(front + "/kv/" + enc(key)).raw()).contains("fresh");
    assertThat(
            eventually(
                Duration.ofSeconds(5), () -> direct(pref.get(1), key).raw().contains("fresh")))
        .isTrue();
  }

  @Test
  void kv4HintedHandoffToAReturningPrimary() {
    String key = "drone:test-hinted-1";
    String primary = preference(key).get(0);
    int idx = indexOf(primary);
    cluster.stopNode(idx);
    try {
      Http.Res put =
          Http.put(
              front + "/kv/" + enc(key),
              "{\"value\":{\"id\":\"drone-hh\",\"status\":\"idle\",\"battery\":65}}");
      assertThat(put.status()).isEqualTo(200);
      assertThat(put.body().path("written").asInt()).isEqualTo(2);
    } finally {
      cluster.startNode(idx);
    }
    assertThat(
            eventually(
                Duration.ofSeconds(10),
                () -> direct(primary, key).raw().contains("\"id\":\"drone-hh\"")))
        .isTrue();
  }

  @Test
  void kv5ExactlyRfNodesHoldAKey() {
    String key = "delivery:test-rf-2";
    Http.put(front + "/kv/" + enc(key), "{\"value\":" + delivery("rf", "") + "}");
    long holders = cluster.nodeUrls().stream().filter(u -> direct(u, key).status() == 200).count();
    assertThat(holders).isEqualTo(2);
  }

  @Test
  void kv6LocksExcludeAndRelease() {
    String name = "delivery:test-lock-" + UUID.randomUUID();
    JsonNode first = Http.post(front + "/lock/acquire/" + enc(name) + "?owner=w1", null).body();
    assertThat(first.path("ok").asBoolean()).isTrue();
    assertThat(
            Http.post(front + "/lock/acquire/" + enc(name) + "?owner=w2", null)
                .body()
                .path("ok")
                .asBoolean())
        .isFalse();
    JsonNode released =
        Http.post(
                front
                    + "/lock/release/"
                    + enc(name)
                    + "?owner=w1&token="
                    + first.path("token").asLong(),
                null)
            .body();
    assertThat(released.path("ok").asBoolean()).isTrue();
    assertThat(
            Http.post(front + "/lock/acquire/" + enc(name) + "?owner=w2", null)
                .body()
                .path("ok")
                .asBoolean())
        .isTrue();
  }

  @Test
  void kv6bLocksExpireOnTime() {
    String name = "delivery:test-lock-ttl-" + UUID.randomUUID();
    JsonNode first =
        Http.post(front + "/lock/acquire/" + enc(name) + "?ttl_sec=0.5&owner=a", null).body();
    assertThat(first.path("ok").asBoolean()).isTrue();
    JsonNode held = Http.post(front + "/lock/acquire/" + enc(name) + "?owner=b", null).body();
    assertThat(held.path("ok").asBoolean()).isFalse();
    assertThat(held.path("expires_at").asDouble()).isPositive();
    long expiresMs = first.path("expires_at_ms").asLong();
    assertThat(
            eventually(
                Duration.ofSeconds(5),
                () ->
                    Http.post(front + "/lock/acquire/" + enc(name) + "?owner=b", null)
                        .body()
                        .path("ok")
                        .asBoolean()))
        .isTrue();
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiresMs);
  }

  @Test
  void kv7PlacementIsStableAndVisible() {
    String key = "drone:hash-demo-1";
    Http.put(front + "/kv/" + enc(key), "{\"value\":{\"id\":\"hash-demo-1\"}}");
    List<String> pref = preference(key);
    assertThat(preference(key)).isEqualTo(pref);
    List<String> holders =
        cluster.nodeUrls().stream().filter(u -> direct(u, key).status() == 200).toList();
    assertThat(holders).containsExactlyInAnyOrderElementsOf(pref);
  }

  @Test
  void kv8ManyKeysAndRandomReadsThroughTheCache() {
    for (int i = 1; i <= 200; i++) {
      assertThat(
              Http.put(
                      front + "/kv/" + enc("delivery:cache-" + i),
                      "{\"value\":" + delivery("cache-" + i, "") + "}")
                  .status())
          .isEqualTo(200);
    }
    Random rnd = new Random(7);
    for (int i = 0; i < 400; i++) {
      int n = 1 + rnd.nextInt(200);
      Http.Res r = Http.get(front + "/kv/" + enc("delivery:cache-" + n));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().path("value").path("id").asString()).isEqualTo("cache-" + n);
    }
  }

  @Test
  void kv9ValueSurvivesANodeRestart() throws Exception {
    String key = "delivery:test-resilience-1";
    Http.put(front + "/kv/" + enc(key), "{\"value\":" + delivery("test-resilience-1", "") + "}");
    int idx = indexOf(preference(key).get(0));
    CountDownLatch restarted = new CountDownLatch(1);
    cluster.stopNode(idx);
    cluster.startNode(idx);
    restarted.countDown();
    assertThat(direct(cluster.nodeUrls().get(idx), key).raw())
        .contains("\"id\":\"test-resilience-1\"");
    assertThat(Http.get(front + "/kv/" + enc(key)).raw()).contains("\"id\":\"test-resilience-1\"");
  }
}
