package dev.dronedispatch.simulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import dev.dronedispatch.simulator.fleet.DroneState;
import dev.dronedispatch.simulator.fleet.FleetLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Registration creates missing drones and keeps existing documents (and resumes their flight). */
@ExtendWith(RealKafkaExtension.class)
class RegistrationTest {

  private static String bootstrap;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  private static SimulatorConfig config(int drones) {
    return SimulatorConfig.fromEnv(
        Map.of(
            "DRONE_POOL_MAX",
            String.valueOf(drones),
            "DRONE_TICK_SEC",
            "0.05",
            "FLEET_SEED",
            "9",
            "KAFKA_BOOTSTRAP_SERVERS",
            bootstrap));
  }

  @Test
  void registersDeterministicDronesAndKeepsExistingOnesAsTheyAre(@TempDir Path dir)
      throws Exception {
    try (TestKv cluster = TestKv.start(dir)) {
      KvClient kv = cluster.client();
      KvDocuments docs = new KvDocuments(kv, Json.mapper());
      ZonesConfig zones = ZoneGrid.rome(2, 2);
      FleetLayout layout = new FleetLayout(9, zones);
      GeoPoint elsewhere = new GeoPoint(41.95, 12.40);
      try (DispatcherDouble dispatcher = new DispatcherDouble(docs, bootstrap)) {
        dispatcher.createDelivery(
            "d-reg-1", new GeoPoint(41.96, 12.41), new GeoPoint(41.97, 12.42));
      }
      DroneDocument busy =
          new DroneDocument(
              "drone-2",
              WeightClass.HEAVY,
              DroneStatus.BUSY,
              64.0,
              elsewhere,
              36.0,
              "d-reg-1",
              1,
              List.of("x"),
              false);
      docs.create(KvKeys.drone("drone-2"), busy).block();
      docs.update(
              KvKeys.delivery("d-reg-1"),
              DeliveryDocument.class,
              d -> d.map(x -> x.assigned("drone-2", Instant.now()).pickedUp(Instant.now())),
              5)
          .block();

      try (FleetSimulator sim = FleetSimulator.start(config(3), kv, new SimpleMeterRegistry())) {
        assertThat(sim.size()).isEqualTo(3);
        for (int i : new int[] {1, 3}) {
          DroneDocument doc =
              docs.read(KvKeys.drone("drone-" + i), DroneDocument.class)
                  .block()
                  .orElseThrow()
                  .value();
          assertThat(doc.type()).isEqualTo(layout.type(i));
          assertThat(doc.pos()).isEqualTo(layout.startPosition(i));
          assertThat(doc.status()).isEqualTo(DroneStatus.INACTIVE);
          assertThat(doc.battery()).isEqualTo(100.0);
        }
        DroneDocument kept =
            docs.read(KvKeys.drone("drone-2"), DroneDocument.class).block().orElseThrow().value();
        assertThat(kept.type()).isEqualTo(WeightClass.HEAVY);
        assertThat(kept.status()).isEqualTo(DroneStatus.BUSY);
        assertThat(kept.currentDelivery()).isEqualTo("d-reg-1");
        assertThat(kept.feasMiss()).isEqualTo(1);

        DroneState resumed = awaitMission(sim, "drone-2");
        assertThat(resumed.mission().orElseThrow().deliveryId()).isEqualTo("d-reg-1");
        assertThat(resumed.mission().orElseThrow().leg()).isEqualTo(Leg.TO_DESTINATION);
        assertThat(resumed.type()).isEqualTo(WeightClass.HEAVY);
      }
      assertThat(docs.read(KvKeys.ZONES_CONFIG, ZonesConfig.class).block()).isPresent();
    }
  }

  private static DroneState awaitMission(FleetSimulator sim, String id)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      DroneState d = sim.drone(id).orElseThrow();
      if (d.mission().isPresent()) {
        return d;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(id + " did not resume its mission");
  }
}
