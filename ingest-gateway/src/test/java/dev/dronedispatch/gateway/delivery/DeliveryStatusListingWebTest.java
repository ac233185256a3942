package dev.dronedispatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.admission.CreationLimit;
import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.idempotency.IdempotencyStore;
import dev.dronedispatch.gateway.testing.Admissions;
import dev.dronedispatch.gateway.web.InstanceId;
import dev.dronedispatch.gateway.web.RequestIds;
import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZoneGrid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * GET /deliveries?status=… through WebFlux, on the in-memory KV, with the hub's view of the
 * statuses given: the failed listing serves the latest failures with when and why, and a status the
 * listing does not know is a problem naming the parameter.
 */
class DeliveryStatusListingWebTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private final KvDocuments docs = new KvDocuments(new InMemoryKvClient(), Json.mapper());
  private final SkippedDocuments skipped = new SkippedDocuments(new SimpleMeterRegistry());

  /** The failed ids the hub names, the latest heard first. */
  private final List<String> failedByHub = new ArrayList<>();

  private final WebTestClient client =
      WebTestClient.bindToController(
              new DeliveryController(
                  new DeliveryService(
                      docs,
                      new IdempotencyStore(
                          docs,
                          skipped,
                          Clock.systemUTC(),
                          "gw-test",
                          Duration.ofHours(24),
                          Duration.ofMillis(100),
                          Duration.ofSeconds(30)),
                      new DeliveryServiceTest.RecordingPublisher(),
                      new ZonesService(docs, 2, 2, skipped),
                      Admissions.byDefault(Clock.systemUTC()),
                      "gw-test",
                      new SimpleMeterRegistry(),
                      skipped),
                  CreationLimit.of(0, new SimpleMeterRegistry()),
                  new DeliveryRequestParser(ZoneGrid.ROME, 15),
                  new StatusIndex(Set::of, () -> List.copyOf(failedByHub))))
          .webFilter(new RequestIds(new InstanceId("gw-test")))
          .apply(AdmissionWebTest.problemDocuments())
          .build();

  private void stored(String id, DeliveryDocument d) {
    docs.client().put(KvKeys.delivery(id), docs.encode(d)).block();
  }

  private static DeliveryDocument requested(String id) {
    return DeliveryDocument.pending(
        new DeliveryRequested(
            id,
            new GeoPoint(41.95, 12.40),
            new GeoPoint(41.82, 12.58),
            2.0,
            WeightClass.LIGHT,
            "zone 0",
            "zone 3",
            T0));
  }

  private JsonNode get(String uri) {
    return Json.mapper()
        .readTree(
            client
                .get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
  }

  @Test
  void theFailedListingServesTheLatestFailuresWithWhenAndWhy() {
    stored(
        "lost-on-board",
        requested("lost-on-board")
            .assigned("drone-1", T0.plusSeconds(5))
            .pickedUp(T0.plusSeconds(60))
            .failed(T0.plusSeconds(300), DeliveryDocument.DRONE_LOST));
    stored("never-taken", requested("never-taken").failed(T0.plusSeconds(200), "no_drone"));
    // the hub heard of this failure before the KV shows it: not listed until it does
    stored("kv-lags", requested("kv-lags"));
    failedByHub.addAll(List.of("kv-lags", "lost-on-board", "never-taken", "no-document"));

    JsonNode page = get("/deliveries?status=failed");
    assertThat(page.path("count").asInt()).isEqualTo(2);
    JsonNode latest = page.path("items").get(0);
    assertThat(latest.path("id").asString()).isEqualTo("lost-on-board");
    assertThat(latest.path("status").asString()).isEqualTo("failed");
    assertThat(latest.path("failure_reason").asString()).isEqualTo("drone_lost");
    assertThat(latest.path("failed_at").asString()).isEqualTo("2026-12-06T10:05:00Z");
    assertThat(latest.path("drone_id").asString()).isEqualTo("drone-1");
    assertThat(latest.path("picked_up_at").asString()).isEqualTo("2026-12-06T10:01:00Z");
    JsonNode older = page.path("items").get(1);
    assertThat(older.path("id").asString()).isEqualTo("never-taken");
    assertThat(older.path("failure_reason").asString()).isEqualTo("no_drone");
    assertThat(older.path("drone_id").isNull()).isTrue();

    // a page reads only the latest failures the hub names: here "kv-lags" and "lost-on-board"
    JsonNode first = get("/deliveries?status=failed&limit=2");
    assertThat(first.path("count").asInt()).isEqualTo(1);
    assertThat(first.path("items").get(0).path("id").asString()).isEqualTo("lost-on-board");
  }

  @Test
  void aStatusTheListingDoesNotKnowIsAProblemNamingTheParameter() {
    for (String uri :
        List.of(
            "/deliveries?status=lost",
            "/deliveries?status=FAILED",
            "/deliveries?status=failed&limit=501",
            "/deliveries?status=failed&limit=0")) {
      JsonNode problem =
          Json.mapper()
              .readTree(
                  client
                      .get()
                      .uri(uri)
                      .exchange()
                      .expectStatus()
                      .value(status -> assertThat(status).as(uri).isEqualTo(422))
                      .expectHeader()
                      .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                      .expectBody()
                      .returnResult()
                      .getResponseBody());
      String field = uri.contains("limit") ? "limit" : "status";
      assertThat(problem.path("type").asString()).as(uri).endsWith("/validation");
      assertThat(problem.path("errors").get(0).path("field").asString()).as(uri).isEqualTo(field);
      assertThat(problem.path("detail").asString())
          .as(uri)
          .isEqualTo(
              field.equals("status")
                  ? "status: must be active or failed when given"
                  : "limit: must be between 1 and 500");
    }
  }
}
