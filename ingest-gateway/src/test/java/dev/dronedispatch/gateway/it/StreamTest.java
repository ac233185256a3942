package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import tools.jackson.databind.JsonNode;

/**
 * /stream end to end: a POST, then the dispatcher's assignment on deliveries.status (published here
 * the way the dispatcher does), arrives as an SSE event; a reconnect with Last-Event-ID replays
 * what was missed, exactly once; telemetry is conflated; KPIs and heartbeats flow.
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

      Http.Response created =
          Http.postJson(api + "/deliveries", Orders.random(new Random(11)), Map.of());
      assertThat(created.status()).isEqualTo(201);
      id = created.json().get("id").asString();
      Instant requestedAt =
          Instant.parse(Http.get(api + "/deliveries/" + id).json().get("requested_at").asString());

      publishStatus(id, DeliveryStatus.ASSIGNED, requestedAt);
      ServerSentEvent<String> assigned = sse.await(SseClient.event("delivery", id), WAIT);
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
