package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GET /deliveries/{id}/timeline end to end: a POSTed delivery, a waiting reason on
 * dispatch.decisions and an assignment with its decision on deliveries.status (published here the
 * way the dispatcher does) come back as one story from every gateway; an unknown delivery is a 404
 * problem, a malformed id a 400 one; the OpenAPI document describes the endpoint.
 */
class TimelineTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
  }

  @Test
  void aDeliverysWaitAndAssignmentAreToldWithTheDecision() {
    Http.Response created =
        Http.postJson(cluster.a().url() + "/deliveries", Orders.random(new Random(18)), Map.of());
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asString();
    Instant requestedAt =
        Instant.parse(
            Http.get(cluster.a().url() + "/deliveries/" + id)
                .json()
                .get("requested_at")
                .asString());

    publish(
        Topics.DISPATCH_DECISIONS.name(),
        id,
        new DeliveryWaiting(
            id, "out_of_range", requestedAt.plusMillis(200), requestedAt, 4, Map.of("range", 4)));
    AssignmentDecision.RankKeys winner =
        new AssignmentDecision.RankKeys("drone-7", 0.31, 1, 0, 60, 60, null);
    AssignmentDecision.RankKeys runnerUp =
        new AssignmentDecision.RankKeys("drone-3", 0.52, 2, 0, 90, 60, "distance_bucket");
    publish(
        Topics.DELIVERIES_STATUS.name(),
        id,
        new DeliveryStatusChanged(
            id,
            DeliveryStatus.ASSIGNED,
            "drone-7",
            Leg.TO_ORIGIN,
            requestedAt.plusSeconds(1),
            requestedAt,
            "assigned",
            new AssignmentDecision(5, Map.of("range", 3), winner, List.of(runnerUp))));

    for (GatewayCluster.Gateway gateway : cluster.gateways()) {
      JsonNode story = awaitStep(gateway.url() + "/deliveries/" + id + "/timeline", "assigned");
      assertThat(story.get("delivery_id").asString()).isEqualTo(id);
      assertThat(story.get("state").asString()).isEqualTo("assigned");
      assertThat(steps(story)).containsExactly("requested", "waiting", "assigned");
      JsonNode waiting = story.get("timeline").get(1);
      assertThat(waiting.get("detail").asString()).startsWith("out_of_range: ");
      assertThat(waiting.get("spent_s").asDouble()).isEqualTo(0.8);
      JsonNode decision = story.get("decisions").get(0);
      assertThat(decision.get("chosen").get("drone_id").asString()).isEqualTo("drone-7");
      assertThat(decision.get("runners_up").get(0).get("why").asString())
          .isEqualTo("farther: 0.52 km (bucket 2) against 0.31 km (bucket 1)");
      assertThat(story.get("telemetry").isEmpty()).isTrue();
    }
  }

  @Test
  void anUnknownDeliveryIsA404ProblemAndAMalformedIdA400One() {
    Http.Response unknown =
        Http.get(cluster.a().url() + "/deliveries/" + UUID.randomUUID() + "/timeline");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unknown.json().get("status").asInt()).isEqualTo(404);

    Http.Response malformed = Http.get(cluster.a().url() + "/deliveries/-bad/timeline");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void theOpenApiDocumentDescribesIt() {
    JsonNode get =
        Http.get(cluster.a().url() + "/v3/api-docs")
            .json()
            .get("paths")
            .get("/deliveries/{id}/timeline")
            .get("get");
    assertThat(get.get("summary").asString()).contains("timeline");
    assertThat(get.get("responses").has("404")).isTrue();
  }

  private static JsonNode awaitStep(String url, String step) {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      Http.Response r = Http.get(url);
      if (r.status() == 200 && steps(r.json()).contains(step)) {
        return r.json();
      }
      assertThat(Instant.now())
          .as("timeline of %s with %s: %s", url, step, r.body())
          .isBefore(deadline);
      sleep();
    }
  }

  private static List<String> steps(JsonNode story) {
    List<String> steps = new ArrayList<>();
    story.get("timeline").forEach(s -> steps.add(s.get("step").asString()));
    return steps;
  }

  private static void publish(String topic, String key, Object event) {
    Topic.send(
        cluster.kafka().bootstrapServers(), topic, key, Json.mapper().writeValueAsString(event));
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
