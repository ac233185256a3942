package dev.dronedispatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.admission.AdmissionControl;
import dev.dronedispatch.gateway.admission.CreationLimit;
import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.idempotency.IdempotencyStore;
import dev.dronedispatch.gateway.stream.KpiAggregator;
import dev.dronedispatch.gateway.testing.Admissions;
import dev.dronedispatch.gateway.web.InstanceId;
import dev.dronedispatch.gateway.web.ProblemErrorHandler;
import dev.dronedispatch.gateway.web.RequestIds;
import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.clock.ManualClock;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.zones.ZoneGrid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * POST /deliveries through WebFlux with admission control fed from a filled backlog: 503 with
 * Retry-After and the reason as a problem for a class over its limit, 201 with an ETA for another,
 * and the original answer for a retry of a key accepted before the class closed. And the load
 * shedding in front of it: with the instance's one creation place taken, 503 {@code overloaded}.
 */
class AdmissionWebTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final GeoPoint ORIGIN = new GeoPoint(41.95, 12.40);
  private static final GeoPoint DESTINATION = new GeoPoint(41.82, 12.58);

  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryKvClient kv = new InMemoryKvClient();
  private final KvDocuments docs = new KvDocuments(kv, Json.mapper());
  private final CreationLimit creations = CreationLimit.of(1, new SimpleMeterRegistry());
  private final KpiAggregator backlog = new KpiAggregator();
  private final AdmissionControl admission = Admissions.byDefault(clock);
  private final WebTestClient client =
      WebTestClient.bindToController(
              new DeliveryController(
                  new DeliveryService(
                      docs,
                      new IdempotencyStore(
                          docs,
                          new SkippedDocuments(new SimpleMeterRegistry()),
                          clock,
                          "gw-test",
                          Duration.ofHours(24),
                          Duration.ofMillis(100),
                          Duration.ofSeconds(30)),
                      new DeliveryServiceTest.RecordingPublisher(),
                      new ZonesService(docs, 2, 2, new SkippedDocuments(new SimpleMeterRegistry())),
                      admission,
                      "gw-test",
                      new SimpleMeterRegistry(),
                      new SkippedDocuments(new SimpleMeterRegistry())),
                  creations,
                  new DeliveryRequestParser(ZoneGrid.ROME, 15),
                  new StatusIndex(Set::of, List::of)))
          .webFilter(new RequestIds(new InstanceId("gw-test")))
          .apply(problemDocuments())
          .build();

  private int ids;

  /** Renders refusals as the gateway does: problem documents. */
  static MockServerConfigurer problemDocuments() {
    return new MockServerConfigurer() {
      @Override
      public void beforeServerCreated(WebHttpHandlerBuilder builder) {
        builder.exceptionHandlers(handlers -> handlers.add(0, new ProblemErrorHandler()));
      }
    };
  }

  private static String order(double kg) {
    return "{\"origin\":{\"lat\":41.95,\"lon\":12.40},\"destination\":{\"lat\":41.82,\"lon\":12.58},"
        + "\"weight\":"
        + kg
        + "}";
  }

  private WebTestClient.ResponseSpec post(double kg, String key) {
    WebTestClient.RequestBodySpec spec =
        client.post().uri("/deliveries").contentType(MediaType.APPLICATION_JSON);
    if (key != null) {
      spec.header("Idempotency-Key", key);
    }
    return spec.bodyValue(order(kg)).exchange();
  }

  /** What the topics would show: {@code n} orders of a class requested now. */
  private void requested(WeightClass c, int n) {
    for (int i = 0; i < n; i++) {
      backlog.onRequested(
          new DeliveryRequested(
              "q" + ++ids, ORIGIN, DESTINATION, 1, c, "zone 0", "zone 3", clock.instant()));
    }
  }

  private void assigned(String id) {
    backlog.onStatus(
        new DeliveryStatusChanged(
            id, DeliveryStatus.ASSIGNED, "drone-1", null, clock.instant(), null, "assigned", null));
  }

  /**
   * Two minutes in which 1,060 heavy orders arrived and 60 were assigned (0.5/s: 1,000 pending wait
   * 2,000 s), and 20 light ones of which 10 were assigned (5/min: 10 pending wait 120 s).
   */
  private void fillTheBacklog() {
    requested(WeightClass.HEAVY, 1060);
    requested(WeightClass.LIGHT, 20);
    int heavyAssigned = 0;
    for (int s = 1; s <= 120; s++) {
      clock.advance(Duration.ofSeconds(1));
      if (s % 2 == 0) {
        assigned("q" + ++heavyAssigned);
      }
      if (s % 12 == 0) {
        assigned("q" + (1060 + s / 12));
      }
    }
    admission.update(clock.instant(), backlog.backlog(clock.instant(), admission.rateWindow()));
  }

  @Test
  void aClassOverItsLimitIsRefusedWithTheReasonAndRetryAfter() {
    fillTheBacklog();

    JsonNode problem =
        Json.mapper()
            .readTree(
                post(12, "new-heavy-order")
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .valueEquals("Retry-After", "600")
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
    assertThat(problem.path("type").asString()).endsWith("/admission-closed");
    assertThat(problem.path("status").asInt()).isEqualTo(503);
    assertThat(problem.path("title").asString()).isEqualTo("Admission closed");
    assertThat(problem.path("detail").asString())
        .contains("heavy", "1000 pending", "2000 s", "600 s limit");
    assertThat(problem.path("weight_class").asString()).isEqualTo("heavy");
    assertThat(problem.path("pending").asInt()).isEqualTo(1000);
    assertThat(problem.path("estimated_wait_s").asDouble()).isEqualTo(2000.0);
    assertThat(problem.path("max_wait_s").asInt()).isEqualTo(600);
    assertThat(problem.path("assignments_per_min").asDouble()).isEqualTo(30.0);
    assertThat(problem.path("basis").asString()).isEqualTo("assignment_rate");
    assertThat(problem.path("retry_after_s").asInt()).isEqualTo(600);
  }

  @Test
  void anOpenClassAcceptsWithItsExpectedWait() {
    fillTheBacklog();

    post(1.5, null)
        .expectStatus()
        .isCreated()
        .expectHeader()
        .exists("Location")
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("pending")
        .jsonPath("$.eta.assignment_wait_s")
        .isEqualTo(120.0)
        .jsonPath("$.eta.basis")
        .isEqualTo("assignment_rate");
  }

  @Test
  void aKeyAcceptedBeforeTheClassClosedIsReplayedNotRefused() {
    // accepted while the hub still warms up: no estimate yet
    String id =
        Json.mapper()
            .readTree(
                post(12, "early-heavy-order")
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .jsonPath("$.eta.basis")
                    .isEqualTo("unknown")
                    .returnResult()
                    .getResponseBody())
            .path("id")
            .asString();
    fillTheBacklog();

    post(12, "early-heavy-order")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Idempotent-Replayed", "true")
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo(id)
        .jsonPath("$.eta")
        .doesNotExist();
    post(12, "late-heavy-order").expectStatus().isEqualTo(503);
  }

  @Test
  void withEveryCreationPlaceTakenAnOrderIsShedAtOnceAndNothingIsStored() {
    Disposable running = creations.run(Mono.<CreateOutcome>never(), () -> null).subscribe();
    int keysBefore = kv.size();

    JsonNode problem =
        Json.mapper()
            .readTree(
                post(2, "shed-order")
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .valueEquals("Retry-After", "1")
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
    assertThat(problem.path("type").asString()).endsWith("/overloaded");
    assertThat(problem.path("title").asString()).isEqualTo("Gateway at capacity");
    assertThat(problem.path("detail").asString()).contains("already creating 1 deliveries");
    assertThat(kv.size()).as("nothing stored, the key not bound").isEqualTo(keysBefore);

    running.dispose();
    post(2, "shed-order").expectStatus().isCreated();
  }
}
