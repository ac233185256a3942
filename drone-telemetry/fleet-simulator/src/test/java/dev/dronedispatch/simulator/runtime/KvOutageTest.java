package dev.dronedispatch.simulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KV's storage nodes all go away mid-flight: telemetry keeps flowing in order (the tick never
 * waits for the KV), the failed merges are counted, and once the KV is back the drone's document
 * catches up with its position.
 */
@ExtendWith(RealKafkaExtension.class)
class KvOutageTest {

  private static String bootstrap;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  @Test
  void telemetryKeepsFlowingWhileTheKvIsDownAndTheDocumentCatchesUpAfterwards(@TempDir Path dir)
      throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    SimulatorConfig config =
        SimulatorConfig.fromEnv(
            Map.of(
                "DRONE_POOL_MAX", "2",
                "DRONE_TICK_SEC", "0.05",
                "TIME_ACCELERATION", "5",
                "KV_WRITE_INTERVAL_SEC", "0.1",
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    try (TestKv kv = TestKv.start(dir);
        TelemetryTap tap = new TelemetryTap(bootstrap);
        FleetSimulator sim = FleetSimulator.start(config, kv.client(), metrics);
        DispatcherDouble dispatcher =
            new DispatcherDouble(new KvDocuments(kv.client(), Json.mapper()), bootstrap)) {
      GeoPoint home = dispatcher.drone("drone-1").orElseThrow().pos();
      DeliveryDocument d =
          dispatcher.createDelivery(
              "d-outage-1", new GeoPoint(home.lat() + 0.08, home.lon()), home); // ~9 km away
      dispatcher.assign("drone-1", d);
      tap.until(t -> "d-outage-1".equals(t.currentDelivery()), Duration.ofSeconds(20));

      // every storage node goes down: the coordinator answers, but no read or CAS can succeed
      for (int i = 0; i < 3; i++) {
        kv.cluster().stopNode(i);
      }
      long firstDuringOutage = tap.of("drone-1").get(tap.of("drone-1").size() - 1).seq();
      tap.until(
          t -> t.droneId().equals("drone-1") && t.seq() >= firstDuringOutage + 40,
          Duration.ofSeconds(30));
      awaitCount(metrics, "error", Duration.ofSeconds(20));
      assertThat(sim.health().up()).isTrue();

      List<DroneTelemetry> outage =
          tap.of("drone-1").stream().filter(t -> t.seq() >= firstDuringOutage).toList();
      assertThat(outage).hasSizeGreaterThanOrEqualTo(40);
      for (int i = 1; i < outage.size(); i++) {
        assertThat(outage.get(i).seq()).isEqualTo(outage.get(i - 1).seq() + 1);
      }
      assertThat(outage.get(outage.size() - 1).pos()).isNotEqualTo(outage.get(0).pos());

      for (int i = 0; i < 3; i++) {
        kv.cluster().startNode(i);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      double gapKm = Double.MAX_VALUE;
      while (System.nanoTime() < deadline && gapKm > 0.2) {
        try {
          Optional<DroneDocument> doc = dispatcher.drone("drone-1");
          GeoPoint now = sim.drone("drone-1").orElseThrow().pos();
          if (doc.isPresent()) {
            gapKm = Haversine.distanceKm(doc.get().pos(), now);
          }
        } catch (KvUnavailableException stillRecovering) {
          // the coordinator has not seen the nodes come back yet (a read may also come back
          // empty while only a stale replica answers)
        }
        Thread.sleep(50);
      }
      assertThat(gapKm)
          .as("KV position within 200 m of the simulator's after recovery")
          .isLessThan(0.2);
    }
  }

  private static void awaitCount(SimpleMeterRegistry m, String outcome, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Counter c = m.find("simulator.kv.merges").tag("outcome", outcome).counter();
      if (c != null && c.count() > 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no kv merge with outcome " + outcome);
  }
}
