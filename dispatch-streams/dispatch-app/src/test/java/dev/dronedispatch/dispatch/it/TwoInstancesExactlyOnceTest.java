package dev.dronedispatch.dispatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.fault.FaultEvent;
import dev.dronedispatch.checking.history.StatusContract;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.ZoneGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two dispatch instances on the real broker and the real KV service (3 nodes + coordinator), 20
 * drones, 300 deliveries (the workload); one instance dies right after committing an assignment in
 * the KV, before its Kafka transaction, and is restarted (the fault: the checking kit's {@link
 * dev.dronedispatch.checking.fault.CrashAfterKvCommit}). The read_committed {@code
 * deliveries.status} history of the deliveries is judged by the kit's status contract (every
 * delivery delivered exactly once by one drone, no drone holding two at a time, statuses in order),
 * and the KV documents and {@code fleet.events} must agree with it.
 */
@ExtendWith(RealKafkaExtension.class)
class TwoInstancesExactlyOnceTest {

  private static final int DRONES = 20;
  private static final int DELIVERIES = 300;
  private static final Duration DEADLINE = Duration.ofSeconds(150);

  private static Path dir;
  private static LocalKvCluster kvCluster;
  private static KafkaCluster kafka;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    kafka.createTopics(Topics.names(), 6);
    dir = Files.createTempDirectory("dispatch-it");
    kvCluster = LocalKvCluster.start(dir.resolve("kv"));
  }

  @AfterAll
  static void stop() {
    if (kvCluster != null) {
      kvCluster.close();
    }
  }

  @Test
  void everyDeliveryIsDeliveredExactlyOnceAlsoWhenAnInstanceIsKilledAndRestarted()
      throws Exception {
    String appId = "dispatch-it-" + UUID.randomUUID();
    DispatchConfig config =
        DispatchConfig.defaults()
            .with(
                Map.of(
                    "ASSIGNER_TICK_MS", "100",
                    "AUTOSCALE_DISABLED", "1",
                    "MAX_PICKUP_KM", "60",
                    "RECONCILE_INTERVAL_MS", "3000"));
    String bootstrap = kafka.bootstrapServers();
    try (KvClient kv = kvCluster.newClient()) {
      KvDocuments docs = new KvDocuments(kv, Json.mapper());
      Map<String, GeoPoint> start = registerDrones(docs);
      List<DeliveryRequested> requests = deliveries();
      Set<String> ids = requests.stream().map(DeliveryRequested::id).collect(Collectors.toSet());
      List<FaultEvent> faults;
      List<DispatchInstance> instances = new ArrayList<>();
      try (TestFleet fleet = new TestFleet(kv, bootstrap, start);
          StatusWatcher watcher = new StatusWatcher(bootstrap)) {
        DispatchInstance a =
            new DispatchInstance("a", appId, bootstrap, kvCluster, dir.resolve("a"), config);
        DispatchInstance b =
            new DispatchInstance("b", appId, bootstrap, kvCluster, dir.resolve("b"), config);
        instances.add(a);
        instances.add(b);
        ItSupport.await(
            "both instances running", () -> a.running() && b.running(), Duration.ofSeconds(60));
        fleet.start(Duration.ofMillis(50));

        ItSupport.publish(docs, bootstrap, requests.subList(0, DELIVERIES / 2));
        ItSupport.await("a third delivered", () -> watcher.delivered() >= DELIVERIES / 3, DEADLINE);

        a.kv.arm(); // a dies right after its next assignment reaches the KV
        ItSupport.publish(docs, bootstrap, requests.subList(DELIVERIES / 2, DELIVERIES));
        ItSupport.await("a killed", () -> a.kv.fired() && a.dead(), Duration.ofSeconds(60));
        faults = a.faults.events();
        a.close();
        instances.remove(a);
        DispatchInstance a2 =
            new DispatchInstance("a2", appId, bootstrap, kvCluster, dir.resolve("a"), config);
        instances.add(a2);
        // the gateway may republish: duplicates must not be assigned again
        ItSupport.republish(bootstrap, requests.subList(0, 20));

        try {
          ItSupport.await("all delivered", () -> watcher.delivered() >= DELIVERIES, DEADLINE);
        } catch (AssertionError e) {
          throw new AssertionError(
              "not delivered: " + watcher.notDelivered(ids) + "; " + fleet.report(), e);
        }
        ItSupport.await("all drones idle again", () -> allIdle(docs), Duration.ofSeconds(30));
        assertThat(fleet.violations()).isEmpty();
      } finally {
        instances.forEach(DispatchInstance::close);
      }

      List<DeliveryStatusChanged> history =
          ItSupport.readCommitted(bootstrap, Topics.DELIVERIES_STATUS).stream()
              .filter(e -> ids.contains(e.deliveryId()))
              .toList();
      StatusContract.Result verdict = StatusContract.check(history, ids);
      assertThat(verdict.violations())
          .as("violations of the dispatch contract, after the faults %s", faults)
          .isEmpty();
      assertThat(verdict.outcomes().delivered()).isEqualTo(DELIVERIES);
      // the contract lets a replay repeat an assignment; exactly-once emits each one once
      assertThat(
              history.stream()
                  .filter(e -> e.status() == DeliveryStatus.ASSIGNED)
                  .map(DeliveryStatusChanged::deliveryId))
          .doesNotHaveDuplicates();
      checkKvDocuments(docs, requests, history);
      checkFleetEvents(ItSupport.readCommitted(bootstrap, Topics.FLEET_EVENTS), history);
    }
  }

  // ---------------------------------------------------------------- checks

  private static void checkKvDocuments(
      KvDocuments docs, List<DeliveryRequested> requests, List<DeliveryStatusChanged> history) {
    Map<String, String> assignedTo = new HashMap<>();
    history.stream()
        .filter(x -> x.status() == DeliveryStatus.ASSIGNED)
        .forEach(x -> assignedTo.put(x.deliveryId(), x.droneId()));
    for (DeliveryRequested r : requests) {
      DeliveryDocument d =
          docs.read(KvKeys.delivery(r.id()), DeliveryDocument.class)
              .block(Duration.ofSeconds(5))
              .map(Versioned::value)
              .orElseThrow();
      assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(d.droneId()).isEqualTo(assignedTo.get(r.id()));
      assertThat(d.assignedAt()).isNotNull();
      assertThat(d.pickedUpAt()).isAfterOrEqualTo(d.assignedAt());
      assertThat(d.deliveredAt()).isAfterOrEqualTo(d.pickedUpAt());
    }
  }

  private static void checkFleetEvents(
      List<FleetEvent> events, List<DeliveryStatusChanged> history) {
    Map<String, Long> assignedPerDrone =
        history.stream()
            .filter(x -> x.status() == DeliveryStatus.ASSIGNED)
            .collect(Collectors.groupingBy(DeliveryStatusChanged::droneId, Collectors.counting()));
    Map<String, Long> busyPerDrone =
        events.stream()
            .filter(e -> e.to() == DroneStatus.BUSY && e.reason().equals("assigned"))
            .collect(Collectors.groupingBy(FleetEvent::droneId, Collectors.counting()));
    assertThat(busyPerDrone).isEqualTo(assignedPerDrone);
    // in partition (commit) order each drone's last event leaves it idle, as the KV does
    Map<String, FleetEvent> lastPerDrone = new HashMap<>();
    events.forEach(e -> lastPerDrone.put(e.droneId(), e));
    assertThat(lastPerDrone.keySet()).containsAll(assignedPerDrone.keySet());
    lastPerDrone.forEach(
        (drone, e) ->
            assertThat(e.to()).as("last fleet event of %s", drone).isEqualTo(DroneStatus.IDLE));
  }

  // ---------------------------------------------------------------- set-up

  private static Map<String, GeoPoint> registerDrones(KvDocuments docs) {
    var zones = ZoneGrid.rome(2, 2).zones();
    Map<String, GeoPoint> start = new LinkedHashMap<>();
    for (int i = 1; i <= DRONES; i++) {
      String id = "drone-" + i;
      GeoPoint p = zones.get(i % zones.size()).charge();
      WeightClass type = WeightClass.values()[i % 3];
      DroneDocument doc = DroneDocument.registered(id, type, p, 50).withStatus(DroneStatus.IDLE);
      assertThat(docs.create(KvKeys.drone(id), doc).block(Duration.ofSeconds(5)).ok()).isTrue();
      start.put(id, p);
    }
    return start;
  }

  private static List<DeliveryRequested> deliveries() {
    Random rnd = new Random(11);
    var zones = ZoneGrid.rome(2, 2);
    List<DeliveryRequested> out = new ArrayList<>();
    double[] weights = {1.5, 5.0, 10.0};
    for (int i = 0; i < DELIVERIES; i++) {
      GeoPoint o = new GeoPoint(41.81 + rnd.nextDouble() * 0.16, 12.38 + rnd.nextDouble() * 0.21);
      GeoPoint d = new GeoPoint(41.81 + rnd.nextDouble() * 0.16, 12.38 + rnd.nextDouble() * 0.21);
      double w = weights[i % 3];
      out.add(
          new DeliveryRequested(
              "it-" + i,
              o,
              d,
              w,
              WeightClass.forWeight(w),
              zones.zoneNameOf(o).orElse(null),
              zones.zoneNameOf(d).orElse(null),
              Instant.now()));
    }
    return out;
  }

  private static boolean allIdle(KvDocuments docs) {
    for (int i = 1; i <= DRONES; i++) {
      DroneDocument d =
          docs.read(KvKeys.drone("drone-" + i), DroneDocument.class)
              .block(Duration.ofSeconds(5))
              .orElseThrow()
              .value();
      if (d.status() != DroneStatus.IDLE || d.currentDelivery() != null) {
        return false;
      }
    }
    return true;
  }
}
