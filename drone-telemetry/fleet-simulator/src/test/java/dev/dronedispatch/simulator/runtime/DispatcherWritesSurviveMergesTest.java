package dev.dronedispatch.simulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher's compare-and-set changes of a drone's control fields are never overwritten by the
 * simulator's physical merge, even when both write the same documents as fast as they can: a
 * lost-update check where the dispatcher counts its own successful writes in {@code feas_miss}.
 */
@ExtendWith(RealKafkaExtension.class)
class DispatcherWritesSurviveMergesTest {

  private static final int DRONES = 4;
  private static final int WRITES_PER_DRONE = 150;
  private static String bootstrap;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  @Test
  void concurrentDispatcherStatusUpdatesAreNeverOverwrittenByTheSimulatorsMerge(@TempDir Path dir)
      throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    SimulatorConfig config =
        SimulatorConfig.fromEnv(
            Map.of(
                "DRONE_POOL_MAX", String.valueOf(DRONES),
                "DRONE_TICK_SEC", "0.01",
                "TIME_ACCELERATION", "1",
                "KV_WRITE_INTERVAL_SEC", "0.005",
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    ExecutorService pool = Executors.newFixedThreadPool(DRONES);
    try (TestKv cluster = TestKv.start(dir);
        FleetSimulator sim = FleetSimulator.start(config, cluster.client(), metrics);
        DispatcherDouble dispatcher =
            new DispatcherDouble(new KvDocuments(cluster.client(), Json.mapper()), bootstrap)) {
      KvDocuments docs = new KvDocuments(cluster.client(), Json.mapper());
      // every drone flies a long mission, so its position changes on every tick
      List<GeoPoint> homes = new ArrayList<>();
      for (int i = 1; i <= DRONES; i++) {
        String drone = "drone-" + i;
        GeoPoint home = dispatcher.drone(drone).orElseThrow().pos();
        homes.add(home);
        DeliveryDocument d =
            dispatcher.createDelivery(
                "d-race-" + i, new GeoPoint(home.lat() + 0.05, home.lon()), home);
        dispatcher.assign(drone, d);
      }
      awaitMoving(sim, DRONES);
      double mergesBefore = merges(metrics);

      List<CompletableFuture<Integer>> writers = new ArrayList<>();
      for (int i = 1; i <= DRONES; i++) {
        String key = KvKeys.drone("drone-" + i);
        writers.add(CompletableFuture.supplyAsync(() -> dispatcherWrites(docs, key), pool));
      }
      for (CompletableFuture<Integer> w : writers) {
        assertThat(w.get()).isEqualTo(WRITES_PER_DRONE);
      }
      double mergesDuring = merges(metrics) - mergesBefore;

      sim.flushKvNow(Duration.ofSeconds(10));
      for (int i = 1; i <= DRONES; i++) {
        DroneDocument doc = dispatcher.drone("drone-" + i).orElseThrow();
        assertThat(doc.feasMiss()).isEqualTo(WRITES_PER_DRONE);
        assertThat(doc.status()).isEqualTo(expectedStatus(WRITES_PER_DRONE));
        assertThat(doc.currentDelivery()).isEqualTo("d-race-" + i);
        // the merged position is the simulator's (it keeps flying, so within a few ticks of now)
        assertThat(Haversine.distanceKm(doc.pos(), sim.drone("drone-" + i).orElseThrow().pos()))
            .isLessThan(0.05);
        assertThat(doc.pos()).isNotEqualTo(homes.get(i - 1));
      }
      assertThat(mergesDuring).as("simulator merges while the dispatcher wrote").isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  /** WRITES_PER_DRONE read-modify-CAS changes of status and feas_miss, like the dispatcher's. */
  private static int dispatcherWrites(KvDocuments docs, String key) {
    int applied = 0;
    for (int n = 1; n <= WRITES_PER_DRONE; n++) {
      DroneStatus status = expectedStatus(n);
      UpdateOutcome<DroneDocument> outcome =
          docs.update(
                  key,
                  DroneDocument.class,
                  cur ->
                      cur.map(
                          d ->
                              d.withControl(
                                  status, d.currentDelivery(), d.feasMiss() + 1, List.of())),
                  1_000)
              .block(Duration.ofSeconds(30));
      if (outcome != null && outcome.updated()) {
        applied++;
      }
    }
    return applied;
  }

  private static DroneStatus expectedStatus(int n) {
    return n % 2 == 0 ? DroneStatus.BUSY : DroneStatus.CHARGING;
  }

  private static double merges(SimpleMeterRegistry metrics) {
    return Optional.ofNullable(
            metrics.find("simulator.kv.merges").tag("outcome", "updated").counter())
        .map(c -> c.count())
        .orElse(0.0);
  }

  private static void awaitMoving(FleetSimulator sim, int drones) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (int i = 1; i <= drones; i++) {
        all &= sim.drone("drone-" + i).orElseThrow().mission().isPresent();
      }
      if (all) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("drones did not pick up their missions");
  }
}
