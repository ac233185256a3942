package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.enc;
import static dev.dronedispatch.kv.embedded.Http.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.WriteResult;
import dev.dronedispatch.kv.client.http.BlockingKvClient;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.hints.Hint;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

/** The extra correctness properties, each on a fresh real cluster in this JVM. */
class ExtraCorrectnessTest {

  @TempDir Path dir;

  static List<String> preference(LocalKvCluster c, String key) {
    List<String> out = new ArrayList<>();
    Http.get(c.coordinatorUrl() + "/kv/" + enc(key) + "/replicas")
        .body()
        .path("preference_list")
        .forEach(n -> out.add(n.asString()));
    return out;
  }

  static String nodeIdOf(LocalKvCluster c, String url) {
    return "node-" + (char) ('a' + c.nodeUrls().indexOf(url));
  }

  @Test
  void aStaleHintNeverOverwritesANewerValue() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      String key = "hint:stale";
      WriteResult old = client.put(key, IntNode.valueOf(1)).block();
      client.put(key, IntNode.valueOf(2)).block();
      String replica = preference(c, key).get(1);
      // a hint carrying the older write, owed to a replica that already has the newer one
      c.coordinator()
          .hints()
          .add(
              new Hint(
                  nodeIdOf(c, replica),
                  key,
                  new StoredRecord(
                      "1".getBytes(StandardCharsets.UTF_8), old.version(), old.ts(), false),
                  Set.of()));
      assertThat(eventually(Duration.ofSeconds(10), () -> c.coordinator().hints().count() == 0))
          .isTrue();
      assertThat(Http.get(replica + "/kv/" + enc(key)).body().path("value").asInt()).isEqualTo(2);
      assertThat(client.get(key).block().orElseThrow().value().asInt()).isEqualTo(2);
    }
  }

  @Test
  void hintsSurviveACoordinatorRestart() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir))) {
      c.stopNode(1);
      String downUrl = c.nodeUrls().get(1);
      List<String> owed = new ArrayList<>();
      try (HttpKvClient client = c.newClient()) {
        for (int i = 0; i < 40; i++) {
          String key = "hinted:" + i;
          assertThat(client.put(key, IntNode.valueOf(i)).block().written()).isEqualTo(2);
          if (preference(c, key).contains(downUrl)) {
            owed.add(key);
          }
        }
      }
      assertThat(owed).isNotEmpty();
      assertThat(c.coordinator().hints().count("node-b")).isEqualTo(owed.size());
      c.stopCoordinator();
      c.startCoordinator();
      assertThat(c.coordinator().hints().count("node-b")).isEqualTo(owed.size());
      c.startNode(1);
      assertThat(eventually(Duration.ofSeconds(15), () -> c.coordinator().hints().count() == 0))
          .isTrue();
      for (String key : owed) {
        assertThat(Http.get(downUrl + "/kv/" + enc(key)).status()).as(key).isEqualTo(200);
      }
    }
  }

  @Test
  void readRepairFillsAReplicaThatLacksTheKey() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      String key = "repair:missing";
      List<String> pref = preference(c, key);
      // only one replica ever got the write
      Http.put(pref.get(0) + "/kv/" + enc(key), "{\"value\":{\"x\":1},\"ts\":1000}");
      assertThat(Http.get(pref.get(1) + "/kv/" + enc(key)).status()).isEqualTo(404);
      assertThat(client.get(key).block()).isPresent();
      assertThat(
              eventually(
                  Duration.ofSeconds(5),
                  () -> Http.get(pref.get(1) + "/kv/" + enc(key)).status() == 200))
          .isTrue();
    }
  }

  @Test
  void sixteenConcurrentCasClientsOnOneKeyHaveExactlyOneWinnerPerRound() throws Exception {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      String key = "cas:hot";
      client.put(key, IntNode.valueOf(0)).block();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        for (int round = 1; round <= 10; round++) {
          KvEntry current = client.get(key).block().orElseThrow();
          CyclicBarrier start = new CyclicBarrier(16);
          List<Future<CasResult>> results = new ArrayList<>();
          for (int i = 0; i < 16; i++) {
            int value = round * 100 + i;
            Callable<CasResult> attempt =
                () -> {
                  start.await();
                  return client
                      .compareAndSet(
                          CasRequest.of(
                              key, Expectation.version(current.version()), IntNode.valueOf(value)))
                      .block();
                };
            results.add(pool.submit(attempt));
          }
          int winners = 0;
          Integer winningValue = null;
          for (int i = 0; i < 16; i++) {
            CasResult r = results.get(i).get();
            if (r.ok()) {
              winners++;
              winningValue = round * 100 + i;
            }
          }
          assertThat(winners).as("round " + round).isEqualTo(1);
          KvEntry after = client.get(key).block().orElseThrow();
          assertThat(after.value().asInt()).isEqualTo(winningValue);
          assertThat(after.version()).isEqualTo(current.version() + 1);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void fencingTokensStrictlyIncreaseAcrossExpiryAndRestart() {
    long last;
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient http = c.newClient()) {
      BlockingKvClient kv = http.blocking();
      // long enough that b's first try comes before expiry on a busy machine too
      LockLease a = acquired(kv.acquireLock("drone:7", "a", Duration.ofSeconds(3)));
      assertThat(kv.acquireLock("drone:7", "b", Duration.ofMillis(300)))
          .isInstanceOf(LockResult.Held.class);
      AtomicReference<LockLease> b = new AtomicReference<>();
      assertThat(
              eventually(
                  Duration.ofSeconds(10),
                  () -> {
                    LockResult r = kv.acquireLock("drone:7", "b", Duration.ofSeconds(30));
                    if (r instanceof LockResult.Acquired got) {
                      b.set(got.lease());
                    }
                    return b.get() != null;
                  }))
          .isTrue();
      assertThat(b.get().token()).isGreaterThan(a.token());
      assertThat(kv.renewLock(a, Duration.ofSeconds(5))).isEmpty();
      assertThat(kv.releaseLock(a)).isFalse();
      assertThat(kv.releaseLock(b.get())).isTrue();
      last = b.get().token();
    }
    // every node and the coordinator restart on the same data
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient http = c.newClient()) {
      LockLease after =
          acquired(http.blocking().acquireLock("drone:7", "c", Duration.ofSeconds(5)));
      assertThat(after.token()).isGreaterThan(last);
    }
  }

  @Test
  void withOneLiveNodeAWriteIsAcknowledgedAsDegraded() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      String owned = null;
      for (int i = 0; owned == null; i++) {
        List<String> pref = preference(c, "owned:" + i);
        if (!pref.contains(c.nodeUrls().get(2))) {
          owned = "owned:" + i;
        }
      }
      client.put(owned, IntNode.valueOf(7)).block();
      c.stopNode(0);
      c.stopNode(1);
      // both replicas of `owned` are down: the stand-in's "nothing" is not an answer
      String ownedKey = owned;
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> client.get(ownedKey).block()))
          .isInstanceOf(dev.dronedispatch.kv.client.KvUnavailableException.class);
      WriteResult w = client.put("degraded:1", IntNode.valueOf(1)).block();
      assertThat(w.written()).isEqualTo(1);
      assertThat(w.degraded()).isTrue();
      assertThat(client.get("degraded:1").block().orElseThrow().value().asInt()).isEqualTo(1);
    }
  }

  @Test
  void withOneLiveNodeACasOrALockIsRefusedBeforeItIsDecided() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      c.stopNode(0);
      c.stopNode(1);
      assertThat(
              eventually(
                  Duration.ofSeconds(10),
                  () ->
                      Http.get(c.coordinatorUrl() + "/health").body().path("healthy").asInt() == 1))
          .isTrue();
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () ->
                      client
                          .compareAndSet(
                              CasRequest.of("decided:1", Expectation.absent(), IntNode.valueOf(1)))
                          .block()))
          .isInstanceOf(dev.dronedispatch.kv.client.KvUnavailableException.class)
          .hasMessageContaining("need 2 to decide");
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> client.acquireLock("decided", "me", Duration.ofSeconds(5)).block()))
          .isInstanceOf(dev.dronedispatch.kv.client.KvUnavailableException.class);
      // a plain write may still be acknowledged on one copy, saying so
      assertThat(client.put("plain:1", IntNode.valueOf(1)).block().degraded()).isTrue();
      c.startNode(0);
      c.startNode(1);
      // nothing was decided: the key is absent once its replicas answer again
      assertThat(
              eventually(
                  Duration.ofSeconds(10),
                  () -> {
                    try {
                      return client.get("decided:1").block().isEmpty();
                    } catch (RuntimeException stillDown) {
                      return false;
                    }
                  }))
          .isTrue();
    }
  }

  @Test
  void scansMergeAllNodesIncludingStandInCopiesAndDeletes() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      c.stopNode(0);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String key = String.format("list:%03d", i);
        client.put(key, IntNode.valueOf(i)).block();
        if (i % 5 == 0) {
          client.delete(key).block();
        } else {
          expected.add(key);
        }
      }
      c.startNode(0);
      // page through, 7 at a time, forwards and backwards
      List<String> forward = new ArrayList<>();
      Optional<String> after = Optional.empty();
      while (true) {
        List<KvEntry> page =
            client
                .scan(new dev.dronedispatch.kv.client.ScanQuery("list:", after, 7, false))
                .block();
        page.forEach(e -> forward.add(e.key()));
        if (page.size() < 7) {
          break;
        }
        after = Optional.of(page.get(page.size() - 1).key());
      }
      assertThat(forward).containsExactlyElementsOf(expected);
      List<String> backward = new ArrayList<>();
      client
          .scan(new dev.dronedispatch.kv.client.ScanQuery("list:", Optional.empty(), 100, true))
          .block()
          .forEach(e -> backward.add(e.key()));
      List<String> reversed = new ArrayList<>(expected);
      java.util.Collections.reverse(reversed);
      assertThat(backward).containsExactlyElementsOf(reversed);
    }
  }

  static LockLease acquired(LockResult r) {
    assertThat(r).isInstanceOf(LockResult.Acquired.class);
    return ((LockResult.Acquired) r).lease();
  }
}
