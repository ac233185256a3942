package dev.dronedispatch.simulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against a real Kafka broker and the KV: a drone the dispatcher assigns flies to the
 * pickup, then to the drop-off, and its telemetry arrives in order.
 */
@ExtendWith(RealKafkaExtension.class)
class AssignedDroneFlightTest {

  private static final double EPS = 0.02;
  private static String bootstrap;

  private TestKv cluster;
  private KvClient kv;
  private FleetSimulator sim;
  private DispatcherDouble dispatcher;
  private TelemetryTap tap;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  @BeforeEach
  void start(@TempDir Path dir) {
    cluster = TestKv.start(dir);
    kv = cluster.client();
    SimulatorConfig config =
        SimulatorConfig.fromEnv(
            Map.of(
                "DRONE_POOL_MAX", "3",
                "DRONE_TICK_SEC", "0.05",
                "TIME_ACCELERATION", "100",
                "KV_WRITE_INTERVAL_SEC", "0.1",
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    tap = new TelemetryTap(bootstrap);
    sim = FleetSimulator.start(config, kv, new SimpleMeterRegistry());
    dispatcher = new DispatcherDouble(new KvDocuments(kv, Json.mapper()), bootstrap);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {dispatcher, tap, sim, cluster}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void assignedDroneFliesPickupThenDropOffAndItsTelemetryArrivesInOrder() {
    GeoPoint home = dispatcher.drone("drone-1").orElseThrow().pos();
    GeoPoint origin = new GeoPoint(home.lat() + 0.008, home.lon() + 0.004); // ~1 km
    GeoPoint destination = new GeoPoint(origin.lat() - 0.012, origin.lon() + 0.012); // ~1.6 km
    DeliveryDocument delivery = dispatcher.createDelivery("d-flight-1", origin, destination);

    dispatcher.assign("drone-1", delivery);

    List<DroneTelemetry> track =
        tap
            .until(
                t -> t.droneId().equals("drone-1") && t.pos().equals(destination),
                Duration.ofSeconds(30))
            .stream()
            .map(r -> r.value())
            .filter(t -> t.droneId().equals("drone-1"))
            .toList();

    for (int i = 1; i < track.size(); i++) {
      assertThat(track.get(i).seq()).isEqualTo(track.get(i - 1).seq() + 1);
      assertThat(track.get(i).battery()).isLessThanOrEqualTo(track.get(i - 1).battery());
    }
    List<DroneTelemetry> flying =
        track.stream().filter(t -> "d-flight-1".equals(t.currentDelivery())).toList();
    assertThat(flying).isNotEmpty();
    assertThat(flying).allMatch(t -> t.status() == DroneStatus.BUSY);
    int pickup = indexWithin(flying, origin);
    assertThat(pickup).as("a report at the pickup point").isGreaterThanOrEqualTo(0);
    assertThat(flying.subList(0, pickup + 1)).allMatch(t -> t.leg() == Leg.TO_ORIGIN);
    assertThat(flying.subList(pickup + 1, flying.size()))
        .isNotEmpty()
        .allMatch(t -> t.leg() == Leg.TO_DESTINATION);
    DroneTelemetry last = flying.get(flying.size() - 1);
    assertThat(last.pos()).isEqualTo(destination);
    double km = Haversine.distanceKm(home, origin) + Haversine.distanceKm(origin, destination);
    assertThat(last.battery())
        .isCloseTo(100 - 2.0 * km, org.assertj.core.api.Assertions.within(0.1));

    // the dispatcher frees it; the drone reports idle and no delivery
    dispatcher.status("d-flight-1", DeliveryStatus.DELIVERED, "drone-1", null);
    dispatcher.fleet("drone-1", DroneStatus.BUSY, DroneStatus.IDLE, "delivered");
    tap.until(
        t ->
            t.droneId().equals("drone-1")
                && t.status() == DroneStatus.IDLE
                && t.currentDelivery() == null,
        Duration.ofSeconds(15));

    // the KV holds the simulator's position and the dispatcher's status, each side its own fields
    sim.flushKvNow(Duration.ofSeconds(10));
    DroneDocument doc = dispatcher.drone("drone-1").orElseThrow();
    assertThat(doc.pos()).isEqualTo(destination);
    assertThat(doc.battery()).isEqualTo(last.battery());
    assertThat(doc.status()).isEqualTo(DroneStatus.BUSY);
    assertThat(doc.currentDelivery()).isEqualTo("d-flight-1");
  }

  @Test
  void otherDronesKeepReportingAtTheirStartWithConsecutiveSequences() {
    List<DroneTelemetry> seen =
        tap
            .until(t -> t.droneId().equals("drone-3") && t.seq() > 5, Duration.ofSeconds(15))
            .stream()
            .map(r -> r.value())
            .filter(t -> t.droneId().equals("drone-3"))
            .toList();
    assertThat(seen).allMatch(t -> t.status() == DroneStatus.INACTIVE);
    assertThat(seen).extracting(DroneTelemetry::pos).containsOnly(seen.get(0).pos());
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i).seq()).isEqualTo(seen.get(i - 1).seq() + 1);
    }
  }

  private static int indexWithin(List<DroneTelemetry> track, GeoPoint p) {
    for (int i = 0; i < track.size(); i++) {
      if (Haversine.distanceKm(track.get(i).pos(), p) <= EPS) {
        return i;
      }
    }
    return -1;
  }
}
