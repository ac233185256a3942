package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dronedispatch.gateway.stream.EventHub;
import dev.dronedispatch.kafka.listener.TopicRecords;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.DeadLetterHeaders;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

/**
 * Records the gateway cannot use, on the real broker: on each topic the event hub reads, a value
 * that is not JSON and one of the wrong shape, each followed on its partition (same key) by a good
 * event. The garbage lands byte for byte in the topic's {@code .dlq} with the headers naming the
 * error and its source, is counted per topic, and the good events still reach /stream. A reconnect
 * whose replay covers the garbage gets the good events and sets nothing aside again.
 *
 * <p>Every gateway of the shared system reads every partition without a group, so each sets the
 * garbage aside: a dead letter appears once per gateway, all alike.
 */
class DeadLetterTopicsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NOT_JSON = "not json at all";
  private static final String WRONG_SHAPE = "[\"an\", \"array\"]";

  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
  }

  @Test
  void garbageOnEveryTopicGoesToItsDeadLetterTopicAndTheGoodEventsAfterItStillStream() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Double> countedByA = deadLetterCounts(cluster.a());
    Map<String, Double> countedByB = deadLetterCounts(cluster.b());
    Map<String, Sent> garbage = new HashMap<>();
    String resumeFrom;
    try (SseClient sse = SseClient.connect(cluster.a().url())) {
      // an id from before the garbage: a reconnect with it replays across the garbage
      resumeFrom = sse.await(e -> "kpi".equals(e.event()), WAIT).id();

      for (String topic : EventHub.TOPICS) {
        String key = topic + "-" + run;
        garbage.put(key + "-text", send(topic, key, NOT_JSON));
        garbage.put(key + "-shape", send(topic, key, WRONG_SHAPE));
      }
      String delivery = "dlq-" + run;
      String drone = "drone-dlq-" + run;
      send(
          Topics.DELIVERIES_REQUESTED.name(),
          Topics.DELIVERIES_REQUESTED.name() + "-" + run,
          Json.mapper().writeValueAsString(requested(delivery)));
      send(
          Topics.DELIVERIES_STATUS.name(),
          Topics.DELIVERIES_STATUS.name() + "-" + run,
          Json.mapper().writeValueAsString(assigned(delivery)));
      send(
          Topics.FLEET_EVENTS.name(),
          Topics.FLEET_EVENTS.name() + "-" + run,
          Json.mapper()
              .writeValueAsString(
                  new FleetEvent(
                      drone, DroneStatus.IDLE, DroneStatus.BUSY, "assigned", Instant.now())));
      send(
          Topics.DRONES_TELEMETRY.name(),
          Topics.DRONES_TELEMETRY.name() + "-" + run,
          Json.mapper().writeValueAsString(telemetry(drone)));

      sse.await(e -> isDelivery(e, delivery, "pending"), WAIT);
      sse.await(e -> isDelivery(e, delivery, "assigned"), WAIT);
      sse.await(SseClient.event("fleet", drone), WAIT);
      sse.await(SseClient.event("telemetry", drone), WAIT);
    }

    for (String topic : EventHub.TOPICS) {
      await().atMost(WAIT).until(() -> counted(cluster.a(), topic) == countedByA.get(topic) + 2);
      await().atMost(WAIT).until(() -> counted(cluster.b(), topic) == countedByB.get(topic) + 2);
      List<ConsumerRecord<String, String>> letters =
          TopicRecords.readUntil(
              cluster.kafka().bootstrapServers(),
              Topics.deadLetters(topic),
              read ->
                  read.stream().filter(r -> r.key().startsWith(topic + "-" + run)).count()
                      >= 2 * cluster.gateways().size(),
              WAIT);
      List<ConsumerRecord<String, String>> ours =
          letters.stream().filter(r -> r.key().startsWith(topic + "-" + run)).toList();
      assertThat(ours).as("dead letters of %s", topic).isNotEmpty();
      for (ConsumerRecord<String, String> letter : ours) {
        Sent source =
            garbage.get(letter.key() + (NOT_JSON.equals(letter.value()) ? "-text" : "-shape"));
        assertThat(letter.value()).isEqualTo(source.value());
        assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
        assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION))
            .isEqualTo(Integer.toString(source.at().partition()));
        assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET))
            .isEqualTo(Long.toString(source.at().offset()));
        assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS))
            .isEqualTo("org.apache.kafka.common.errors.SerializationException");
        assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE))
            .startsWith("cannot read ")
            .endsWith(" from topic " + topic);
      }
      assertThat(ours)
          .extracting(ConsumerRecord::value)
          .containsOnly(NOT_JSON, WRONG_SHAPE)
          .contains(NOT_JSON, WRONG_SHAPE);
    }

    // a replay across the garbage passes over it: the hub has set it aside already
    List<Predicate<ServerSentEvent<String>>> replayed =
        List.of(
            e -> isDelivery(e, "dlq-" + run, "pending"),
            e -> isDelivery(e, "dlq-" + run, "assigned"),
            SseClient.event("fleet", "drone-dlq-" + run));
    try (SseClient again = SseClient.resume(cluster.b().url(), resumeFrom)) {
      // the topics are replayed side by side, in no order between them
      again.await(
          e -> replayed.stream().allMatch(wanted -> again.seen().stream().anyMatch(wanted)), WAIT);
    }
    for (String topic : EventHub.TOPICS) {
      assertThat(counted(cluster.b(), topic)).isEqualTo(countedByB.get(topic) + 2);
    }
  }

  /** A value sent and where it was written. */
  private record Sent(String value, RecordMetadata at) {}

  private static Sent send(String topic, String key, String value) {
    return new Sent(value, Topic.send(cluster.kafka().bootstrapServers(), topic, key, value));
  }

  private static DeliveryRequested requested(String id) {
    return new DeliveryRequested(
        id,
        new GeoPoint(41.90, 12.45),
        new GeoPoint(41.91, 12.46),
        1.5,
        WeightClass.LIGHT,
        null,
        null,
        Instant.now());
  }

  private static DeliveryStatusChanged assigned(String id) {
    return new DeliveryStatusChanged(
        id,
        DeliveryStatus.ASSIGNED,
        "drone-7",
        Leg.TO_ORIGIN,
        Instant.now(),
        Instant.now(),
        "assigned",
        null);
  }

  private static DroneTelemetry telemetry(String drone) {
    return new DroneTelemetry(
        drone,
        WeightClass.LIGHT,
        DroneStatus.IDLE,
        new GeoPoint(41.9, 12.45),
        90,
        false,
        null,
        null,
        40,
        1,
        Instant.now());
  }

  private static boolean isDelivery(ServerSentEvent<String> e, String id, String status) {
    return "delivery".equals(e.event())
        && e.data().contains(id)
        && e.data().contains("\"status\":\"" + status + "\"");
  }

  private static Map<String, Double> deadLetterCounts(GatewayCluster.Gateway gateway) {
    Map<String, Double> counts = new HashMap<>();
    EventHub.TOPICS.forEach(t -> counts.put(t, counted(gateway, t)));
    return counts;
  }

  private static double counted(GatewayCluster.Gateway gateway, String topic) {
    return gateway
        .context()
        .getBean(MeterRegistry.class)
        .counter("gateway.dead.letters", "topic", topic)
        .count();
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    String value = TopicRecords.header(r, name);
    assertThat(value).as("header %s", name).isNotNull();
    return value;
  }
}
