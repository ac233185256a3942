package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

/**
 * Two coordinators over the same nodes, a client that knows both: while each coordinator in turn is
 * stopped under load, every put is acknowledged (it moves to the other coordinator), none is lost,
 * and a counter raised by version CAS through both ends at exactly the acknowledged increments,
 * give or take those whose outcome the client could not know.
 */
class CoordinatorFailoverTest {

  @TempDir Path dir;

  private static final int WRITERS = 4;

  @Test
  void stoppingEitherCoordinatorLosesNoWriteAndStopsNoClient() throws Exception {
    try (LocalKvCluster cluster = LocalKvCluster.start(dir)) {
      cluster.addCoordinator();
      SimpleMeterRegistry metrics = new SimpleMeterRegistry();
      try (HttpKvClient kv =
          HttpKvClient.create(
              cluster.kvUrl(),
              cluster
                  .clientSettings()
                  .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(200))
                  .withMeterRegistry(metrics))) {
        kv.put("counter", IntNode.valueOf(0)).block();
        Map<String, Integer> acked = new ConcurrentHashMap<>();
        Set<String> failedPuts = ConcurrentHashMap.newKeySet();
        AtomicInteger increments = new AtomicInteger();
        AtomicInteger unknown = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          pool.submit(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  String key = "put:" + writer + ":" + i;
                  try {
                    kv.put(key, IntNode.valueOf(i)).block();
                    acked.put(key, i);
                  } catch (RuntimeException e) {
                    failedPuts.add(key + " " + e.getMessage());
                  }
                  increment(kv, increments, unknown);
                }
              });
        }
        awaitAcked(acked, 200);
        cluster.stopCoordinator(0);
        awaitAcked(acked, acked.size() + 200);
        cluster.startCoordinator(0);
        cluster.stopCoordinator(1);
        awaitAcked(acked, acked.size() + 200);
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(failedPuts).as("puts that did not move to the other coordinator").isEmpty();
        Map<String, KvEntry> read = kv.getAll(acked.keySet()).block(Duration.ofSeconds(30));
        assertThat(read).hasSize(acked.size());
        acked.forEach((k, v) -> assertThat(read.get(k).value().asInt()).as(k).isEqualTo(v));
        int counter = kv.get("counter").block().orElseThrow().value().asInt();
        assertThat(counter).isBetween(increments.get(), increments.get() + unknown.get());
        assertThat(metrics.get("kv.client.failovers").counters())
            .as("the client moved between coordinators")
            .isNotEmpty();
      }
    }
  }

  /** Reads the counter and raises it by a version CAS; counts what it knows of the outcome. */
  private static void increment(HttpKvClient kv, AtomicInteger increments, AtomicInteger unknown) {
    KvEntry current;
    try {
      current = kv.get("counter").block().orElseThrow();
    } catch (KvUnavailableException e) {
      return; // a failed read changes nothing
    }
    try {
      CasResult r =
          kv.compareAndSet(
                  CasRequest.of(
                      "counter",
                      Expectation.version(current.version()),
                      IntNode.valueOf(current.value().asInt() + 1)))
              .block();
      if (r.ok()) {
        increments.incrementAndGet();
      }
    } catch (KvUnavailableException e) {
      unknown.incrementAndGet(); // sent to a coordinator that stopped: it may have been applied
    }
  }

  private static void awaitAcked(Map<String, Integer> acked, int atLeast) {
    assertThat(Http.eventually(Duration.ofSeconds(60), () -> acked.size() >= atLeast))
        .as("%d acknowledged puts", atLeast)
        .isTrue();
  }
}
