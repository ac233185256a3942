package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.stream.EventHub;
import dev.dronedispatch.gateway.stream.EventKind;
import dev.dronedispatch.kafka.listener.TopicRecords;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import tools.jackson.databind.JsonNode;

/**
 * /stream end to end: a POST arrives at once as a pending delivery event, then the dispatcher's
 * assignment on deliveries.status (published here the way the dispatcher does); a reconnect with
 * Last-Event-ID replays what was missed, new orders and status changes, exactly once; telemetry is
 * conflated; KPIs and heartbeats flow.
 */
class StreamTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
  }

  @Test
  void assignmentAfterAPostArrivesAndAReconnectResumesWithoutGapsOrDuplicates() {
    String api = cluster.a().url();
    String id;
    String assignedEventId;
    try (SseClient sse = SseClient.connect(api)) {
      sse.await(e -> "kpi".equals(e.event()), WAIT);

      id = post(api, 11);
      Instant requestedAt =
          Instant.parse(Http.get(api + "/deliveries/" + id).json().get("requested_at").asString());
      // announced before the assignment is published: the client's cursor is past it
      sse.await(requested(id), WAIT);

      publishStatus(id, DeliveryStatus.ASSIGNED, requestedAt);
      ServerSentEvent<String> assigned = sse.await(status(id, "assigned"), WAIT);
      JsonNode data = Json.mapper().readTree(assigned.data());
      assertThat(data.get("status").asString()).isEqualTo("assigned");
      assertThat(data.get("drone_id").asString()).isEqualTo("drone-7");
      assertThat(assigned.id()).matches("s:\\d+:\\d+\\|.*s:0=.*");
      assignedEventId = assigned.id();

      // the KPIs saw it too
      ServerSentEvent<String> kpi =
          sse.await(
              e ->
                  "kpi".equals(e.event())
                      && Json.mapper().readTree(e.data()).get("active_deliveries").asInt() >= 1,
              WAIT);
      JsonNode k = Json.mapper().readTree(kpi.data());
      assertThat(k.get("assign_latency_ms").get("p50").isNumber()).isTrue();
      assertThat(k.has("drones_by_status")).isTrue();
      assertThat(k.has("oldest_pending_age_s")).isTrue();
      // the hub has read up to the topics' ends: admission is evaluated for every class
      JsonNode admission = k.get("admission");
      assertThat(admission.get("state").asString()).isEqualTo("open");
      assertThat(admission.get("classes").propertyNames())
          .containsExactlyInAnyOrder("light", "medium", "heavy");
    }

    // missed while disconnected
    Instant requestedAt = Instant.now().minusSeconds(5);
    publishStatus(id, DeliveryStatus.IN_FLIGHT, requestedAt);
    publishStatus(id, DeliveryStatus.DELIVERED, requestedAt);

    // resume on another instance: the position travels in the id
    try (SseClient again = SseClient.resume(cluster.b().url(), assignedEventId)) {
      ServerSentEvent<String> delivered =
          again.await(
              e ->
                  "delivery".equals(e.event())
                      && e.data().contains(id)
                      && e.data().contains("\"delivered\""),
              WAIT);
      List<String> forThisDelivery =
          again.seen().stream()
              .filter(e -> "delivery".equals(e.event()) && e.data().contains(id))
              .map(e -> Json.mapper().readTree(e.data()).get("status").asString())
              .toList();
      assertThat(forThisDelivery).containsExactly("in_flight", "delivered");
      assertThat(delivered.id()).startsWith("s:");
    }
  }

  @Test
  void aNewOrderIsOnTheStreamAsPendingBeforeAnyStatusChange() {
    String api = cluster.a().url();
    try (SseClient sse = SseClient.connect(api)) {
      sse.await(e -> "kpi".equals(e.event()), WAIT);

      String id = post(api, 12);

      ServerSentEvent<String> pending = sse.await(SseClient.event("delivery", id), WAIT);
      assertThat(pending.id()).matches("r:\\d+:\\d+\\|.*r:\\d+=.*");
      JsonNode data = Json.mapper().readTree(pending.data());
      JsonNode document = Http.get(api + "/deliveries/" + id).json();
      assertThat(data.get("delivery_id").asString()).isEqualTo(id);
      assertThat(data.get("status").asString()).isEqualTo("pending");
      assertThat(data.get("reason").asString()).isEqualTo("requested");
      assertThat(data.get("requested_at")).isEqualTo(document.get("requested_at"));
      assertThat(data.get("ts")).isEqualTo(document.get("requested_at"));
      assertThat(data.get("drone_id").isNull()).isTrue();
      assertThat(data.get("leg").isNull()).isTrue();

      publishStatus(id, DeliveryStatus.ASSIGNED, Instant.now());
      sse.await(status(id, "assigned"), WAIT);
      assertThat(statusesOf(sse.seen(), id)).containsExactly("pending", "assigned");
    }
  }

  @Test
  void aNewOrderMissedWhileDisconnectedIsReplayedExactlyOnce() {
    String lastSeen;
    try (SseClient sse = SseClient.connect(cluster.a().url())) {
      lastSeen = sse.await(e -> "kpi".equals(e.event()), WAIT).id();
    }
    // the cursor holds the position in deliveries.requested as well
    assertThat(lastSeen).matches("k\\|.*r:\\d+=.*");
    String missed = post(cluster.a().url(), 13);
    // read by the resuming instance's hub: it comes from the replay, not live
    awaitHubPast(cluster.b(), missed);

    String replayedId;
    String later;
    try (SseClient again = SseClient.resume(cluster.b().url(), lastSeen)) {
      replayedId = again.await(requested(missed), WAIT).id();
      later = post(cluster.b().url(), 14);
      again.await(requested(later), WAIT);
      awaitTwoKpis(again);
      assertThat(statusesOf(again.seen(), missed)).containsExactly("pending");
      assertThat(statusesOf(again.seen(), later)).containsExactly("pending");
    }

    // resumed from the replayed order's own id: it is not sent again, the one after it is
    awaitHubPast(cluster.a(), later);
    try (SseClient third = SseClient.resume(cluster.a().url(), replayedId)) {
      third.await(requested(later), WAIT);
      awaitTwoKpis(third);
      assertThat(statusesOf(third.seen(), missed)).isEmpty();
      assertThat(statusesOf(third.seen(), later)).containsExactly("pending");
    }
  }

  @Test
  void telemetryIsConflatedPerDroneAndHeartbeatsArrive() {
    String drone = "drone-conflate-" + UUID.randomUUID().toString().substring(0, 6);
    try (SseClient sse = SseClient.connect(cluster.a().url())) {
      sse.await(e -> "kpi".equals(e.event()), WAIT);
      for (int seq = 1; seq <= 50; seq++) {
        DroneTelemetry t =
            new DroneTelemetry(
                drone,
                WeightClass.LIGHT,
                DroneStatus.IDLE,
                new GeoPoint(41.9, 12.45 + seq * 1e-4),
                90,
                false,
                null,
                null,
                40,
                seq,
                Instant.now());
        Topic.send(
            cluster.kafka().bootstrapServers(),
            Topics.DRONES_TELEMETRY.name(),
            drone,
            Json.mapper().writeValueAsString(t));
      }
      sse.await(
          e ->
              "telemetry".equals(e.event())
                  && e.data().contains(drone)
                  && e.data().contains("\"seq\":50"),
          WAIT);
      long forDrone =
          sse.seen().stream()
              .filter(e -> "telemetry".equals(e.event()) && e.data().contains(drone))
              .count();
      // 50 records, sent one producer at a time, arrive as far fewer conflated updates
      assertThat(forDrone).isBetween(1L, 25L);
      sse.await(e -> "ping".equals(e.comment()), WAIT);
    }
  }

  @Test
  void aStoppingGatewayEndsItsStreamsSoClientsReconnectElsewhere() throws Exception {
    GatewayCluster.Gateway leaving = cluster.start("gw-leaving", Map.of());
    try (SseClient sse = SseClient.connect(leaving.url())) {
      sse.await(e -> "kpi".equals(e.event()), WAIT);
      leaving.context().close();
      assertThat(sse.awaitEnd(WAIT)).isTrue();
    } finally {
      leaving.context().close();
    }
  }

  /** Posts an order; answers its id. */
  private static String post(String api, int seed) {
    Http.Response created =
        Http.postJson(api + "/deliveries", Orders.random(new Random(seed)), Map.of());
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  private static Predicate<ServerSentEvent<String>> requested(String id) {
    return status(id, "pending");
  }

  private static Predicate<ServerSentEvent<String>> status(String id, String status) {
    return e ->
        "delivery".equals(e.event())
            && e.data().contains(id)
            && e.data().contains("\"status\":\"" + status + "\"");
  }

  /** The statuses of the delivery events about {@code id}, in the order they arrived. */
  private static List<String> statusesOf(List<ServerSentEvent<String>> seen, String id) {
    return seen.stream()
        .filter(e -> "delivery".equals(e.event()) && e.data().contains(id))
        .map(e -> Json.mapper().readTree(e.data()).get("status").asString())
        .toList();
  }

  /** Lets a duplicate, if any, arrive: two more KPI ticks. */
  private static void awaitTwoKpis(SseClient sse) {
    sse.await(e -> "kpi".equals(e.event()), WAIT);
    sse.await(e -> "kpi".equals(e.event()), WAIT);
  }

  /** Waits until {@code gateway}'s event hub has read the request of delivery {@code id}. */
  private static void awaitHubPast(GatewayCluster.Gateway gateway, String id) {
    ConsumerRecord<String, String> record =
        TopicRecords.readUntil(
                cluster.kafka().bootstrapServers(),
                Topics.DELIVERIES_REQUESTED.name(),
                seen -> seen.stream().anyMatch(r -> r.key().equals(id)),
                WAIT)
            .stream()
            .filter(r -> r.key().equals(id))
            .findFirst()
            .orElseThrow();
    EventHub hub = gateway.context().getBean(EventHub.class);
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      EventHub.Registration probe = hub.register();
      probe.close().run();
      if (probe.cursor().next(EventKind.REQUESTED, record.partition()).orElse(0L)
          > record.offset()) {
        return;
      }
      assertThat(Instant.now()).as("hub past the request").isBefore(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void publishStatus(String id, DeliveryStatus status, Instant requestedAt) {
    DeliveryStatusChanged e =
        new DeliveryStatusChanged(
            id,
            status,
            "drone-7",
            status == DeliveryStatus.DELIVERED ? null : Leg.TO_ORIGIN,
            Instant.now(),
            requestedAt,
            status.wireName(),
            null);
    Topic.send(
        cluster.kafka().bootstrapServers(),
        Topics.DELIVERIES_STATUS.name(),
        id,
        Json.mapper().writeValueAsString(e));
  }
}
