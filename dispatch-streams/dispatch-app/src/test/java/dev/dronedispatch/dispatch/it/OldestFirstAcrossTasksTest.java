package dev.dronedispatch.dispatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.kafka.EmbeddedKafkaBroker;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fairness the dispatcher promises, on the real broker: deliveries of one class are offered a
 * drone oldest first, whichever task (partition) holds them. Twelve deliveries wait in four
 * partitions while no drone exists; then one drone appears and serves them one at a time. It must
 * serve them in the order they were requested. Without the backlog board each task would offer the
 * freed drone to its own oldest delivery, and the task that happens to punctuate first would win.
 *
 * <p>Its own broker: the shared one carries other tests' drones in its telemetry topic.
 */
class OldestFirstAcrossTasksTest {

  private static final int PARTITIONS = 4;
  private static final int DELIVERIES = 12;
  private static final GeoPoint HOME = new GeoPoint(41.90, 12.49);

  private static Path dir;
  private static EmbeddedKafkaBroker kafka;
  private static LocalKvCluster kvCluster;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("dispatch-fairness");
    kafka = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
    kafka.createTopics(Topics.names(), PARTITIONS);
    kvCluster = LocalKvCluster.start(dir.resolve("kv"));
  }

  @AfterAll
  static void stop() {
    if (kvCluster != null) {
      kvCluster.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void oneDroneServesTheDeliveriesOfEveryTaskInTheOrderTheyWereRequested() throws Exception {
    DispatchConfig config =
        DispatchConfig.defaults()
            .with(
                Map.of(
                    "ASSIGNER_TICK_MS", "100",
                    "AUTOSCALE_DISABLED", "1",
                    "MAX_PICKUP_KM", "60"));
    String bootstrap = kafka.bootstrapServers();
    List<DeliveryRequested> requests = deliveries();
    try (KvClient kv = kvCluster.newClient();
        StatusWatcher watcher = new StatusWatcher(bootstrap)) {
      KvDocuments docs = new KvDocuments(kv, Json.mapper());
      ItSupport.publish(docs, bootstrap, requests);
      try (DispatchInstance dispatch =
          new DispatchInstance(
              "a", "fairness-it", bootstrap, kvCluster, dir.resolve("a"), config)) {
        ItSupport.await(
            "every delivery waiting, in more than one task",
            () -> waitingTasks(dispatch) > 1 && waiting(dispatch) == DELIVERIES,
            Duration.ofSeconds(60));

        DroneDocument drone =
            DroneDocument.registered("drone-1", WeightClass.LIGHT, HOME, 60)
                .withStatus(DroneStatus.IDLE);
        assertThat(docs.create(KvKeys.drone("drone-1"), drone).block(Duration.ofSeconds(5)).ok())
            .isTrue();
        try (TestFleet fleet = new TestFleet(kv, bootstrap, Map.of("drone-1", HOME))) {
          fleet.start(Duration.ofMillis(50));
          ItSupport.await(
              "all delivered", () -> watcher.delivered() >= DELIVERIES, Duration.ofSeconds(120));
        }
      }
    }
    List<String> assignedInOrder =
        ItSupport.readCommitted(bootstrap, Topics.DELIVERIES_STATUS).stream()
            .filter(e -> e.status() == DeliveryStatus.ASSIGNED)
            .sorted(Comparator.comparing(DeliveryStatusChanged::ts))
            .map(DeliveryStatusChanged::deliveryId)
            .toList();
    assertThat(assignedInOrder)
        .containsExactlyElementsOf(requests.stream().map(DeliveryRequested::id).toList());
  }

  private static long waitingTasks(DispatchInstance d) {
    return d.services.backlogBoard().others(-1, Instant.now()).stream()
        .filter(r -> r.pending().getOrDefault(WeightClass.LIGHT, 0) > 0)
        .count();
  }

  private static int waiting(DispatchInstance d) {
    return d.services.backlogBoard().others(-1, Instant.now()).stream()
        .map(BacklogReport::pending)
        .mapToInt(p -> p.getOrDefault(WeightClass.LIGHT, 0))
        .sum();
  }

  /** Light deliveries near HOME, requested a second apart, the oldest first. */
  private static List<DeliveryRequested> deliveries() {
    Instant first = Instant.now().minusSeconds(60);
    List<DeliveryRequested> out = new ArrayList<>();
    for (int i = 0; i < DELIVERIES; i++) {
      GeoPoint origin = new GeoPoint(HOME.lat() + 0.002 * i, HOME.lon());
      GeoPoint destination = new GeoPoint(HOME.lat(), HOME.lon() + 0.002 * (i + 1));
      out.add(
          new DeliveryRequested(
              "fair-" + i,
              origin,
              destination,
              1.0,
              WeightClass.LIGHT,
              null,
              null,
              first.plusSeconds(i)));
    }
    return out;
  }
}
