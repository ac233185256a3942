package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.Bounds;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.ops.audit.HistoryChecker;
import dev.dronedispatch.ops.audit.Recording;
import dev.dronedispatch.ops.audit.Verdict;
import dev.dronedispatch.ops.audit.physics.CheckReport;
import dev.dronedispatch.ops.audit.physics.PhysicsTolerances;
import dev.dronedispatch.ops.slo.SloCalculator;
import dev.dronedispatch.ops.slo.SloReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline with real parts only: the local system as {@code ./run.sh} starts it (a real
 * Kafka broker, three KV nodes and the coordinator, gateway, dispatch and the fleet simulator as
 * processes). Posts the original's five-line delivery plan and 100 random deliveries through the
 * gateway, then checks the recorded history: every delivery delivered exactly once, no drone ever
 * holding two deliveries, statuses in order, stops recorded where the drones' telemetry puts them
 * and no sooner than they could fly there, and the dashboard's SSE stream saw them.
 */
class FullPipelineE2ETest {

  /** The original run_tests.sh plan (seed-behaviour §13.4): weight, pickup zone, drop zone. */
  private static final List<Object[]> PLAN =
      List.of(
          new Object[] {1.0, "zone 3", "zone 0"},
          new Object[] {2.5, "zone 2", "zone 1"},
          new Object[] {5.5, "zone 2", "zone 3"},
          new Object[] {4.0, "zone 2", "zone 2"},
          new Object[] {9.0, "zone 1", "zone 0"});

  private static final int RANDOM_DELIVERIES = 100;
  private static final Duration DEADLINE = Duration.ofMinutes(8);

  /** The simulator's TIME_ACCELERATION here; the physical checks judge flights by it. */
  private static final double TIME_ACCELERATION = 60.0;

  private static LocalSystem system;
  private static HttpClient http;

  @BeforeAll
  static void startTheSystem() throws Exception {
    system = SystemUnderTest.start(40, TIME_ACCELERATION);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void everyDeliveryIsDeliveredOnceByOneDroneAndStreamedToTheDashboard() throws Exception {
    String gateway = system.options().gatewayUrl();
    Instant started = Instant.now();
    String kafka = system.options().kafkaBootstrap();
    try (TopicRecorder<DeliveryStatusChanged> status =
            new TopicRecorder<>(kafka, Topics.DELIVERIES_STATUS);
        TopicRecorder<DeliveryRequested> requested =
            new TopicRecorder<>(kafka, Topics.DELIVERIES_REQUESTED);
        TopicRecorder<DroneTelemetry> telemetry =
            new TopicRecorder<>(kafka, Topics.DRONES_TELEMETRY);
        SseRecorder sse = new SseRecorder(http, gateway)) {
      ZonesConfig zones = Json.mapper().readValue(get(gateway + "/zones"), ZonesConfig.class);
      Random random = new Random(7);
      Set<String> ids = new LinkedHashSet<>();
      for (Object[] line : PLAN) {
        ids.add(
            post(
                gateway,
                point(zones, (String) line[1], random),
                point(zones, (String) line[2], random),
                (double) line[0]));
      }
      for (int i = 0; i < RANDOM_DELIVERIES; i++) {
        String from = zones.zones().get(random.nextInt(zones.zones().size())).name();
        String to = zones.zones().get(random.nextInt(zones.zones().size())).name();
        double weight = Math.round((0.2 + random.nextDouble() * 9.8) * 100) / 100.0;
        ids.add(post(gateway, point(zones, from, random), point(zones, to, random), weight));
      }
      assertThat(ids).hasSize(PLAN.size() + RANDOM_DELIVERIES);

      awaitDelivered(status, ids);

      PhysicsTolerances tolerances = PhysicsTolerances.defaults(TIME_ACCELERATION);
      awaitTelemetryPast(telemetry, lastEvent(status.history()).plus(tolerances.maxTelemetryGap()));
      Verdict verdict =
          HistoryChecker.check(
              Recording.of(status.history(), requested.history(), telemetry.history()),
              ids,
              tolerances);
      System.out.print(verdict.render());
      assertThat(verdict.violations())
          .as("violations of the dispatch invariants and of physics")
          .isEmpty();
      assertThat(verdict.delivered()).isEqualTo(ids.size());
      // a checker that can verify little passes vacuously
      int judged = verdict.physicalChecks().stream().mapToInt(CheckReport::checked).sum();
      assertThat(verdict.unverifiable())
          .as("physical checks without telemetry around the event")
          .isLessThan(judged / 10);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (deliveredIds(sse.deliveryEvents()).size() < ids.size()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(deliveredIds(sse.deliveryEvents()))
          .as("deliveries the dashboard stream saw delivered")
          .containsAll(ids);

      SloCalculator slo = new SloCalculator(started.minusSeconds(1), Instant.now().plusSeconds(1));
      status.history().forEach(slo::accept);
      SloReport report = slo.report();
      System.out.print(report.render());
      assertThat(report.requestToAssigned().count()).isEqualTo(ids.size());
      assertThat(report.requestToDelivered().count()).isEqualTo(ids.size());
    }
  }

  private static void awaitDelivered(TopicRecorder<DeliveryStatusChanged> status, Set<String> ids)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    long nextReport = 0;
    while (System.nanoTime() < deadline) {
      assertThat(system.exitedServices()).as("services that died").isEmpty();
      Set<String> delivered = deliveredIds(status.history());
      if (delivered.containsAll(ids)) {
        return;
      }
      if (System.nanoTime() > nextReport) {
        Map<DeliveryStatus, Long> latest = latestStatus(status.history());
        System.out.printf(
            "[e2e] %d/%d delivered, latest statuses %s%n", delivered.size(), ids.size(), latest);
        nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "not every delivery was delivered within "
            + DEADLINE
            + ": "
            + latestStatus(status.history()));
  }

  private static Instant lastEvent(List<DeliveryStatusChanged> history) {
    return history.stream().map(DeliveryStatusChanged::ts).max(Instant::compareTo).orElseThrow();
  }

  /**
   * Until telemetry stamped after {@code instant} was read: the last events need records after
   * them.
   */
  private static void awaitTelemetryPast(TopicRecorder<DroneTelemetry> telemetry, Instant instant)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline
        && telemetry.history().stream().noneMatch(t -> t.ts().isAfter(instant))) {
      Thread.sleep(200);
    }
  }

  private static Map<DeliveryStatus, Long> latestStatus(List<DeliveryStatusChanged> history) {
    Map<String, DeliveryStatus> last = new java.util.HashMap<>();
    history.forEach(e -> last.put(e.deliveryId(), e.status()));
    return last.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
  }

  private static Set<String> deliveredIds(List<DeliveryStatusChanged> events) {
    return events.stream()
        .filter(e -> e.status() == DeliveryStatus.DELIVERED)
        .map(DeliveryStatusChanged::deliveryId)
        .collect(Collectors.toSet());
  }

  private static GeoPoint point(ZonesConfig zones, String zone, Random random) {
    Bounds b = zones.zone(zone).orElseThrow().bounds();
    // stay off the edges so the point belongs to this zone and no earlier one
    double lat = b.latMin() + (0.05 + 0.9 * random.nextDouble()) * (b.latMax() - b.latMin());
    double lon = b.lonMin() + (0.05 + 0.9 * random.nextDouble()) * (b.lonMax() - b.lonMin());
    return new GeoPoint(lat, lon);
  }

  private static String post(String gateway, GeoPoint origin, GeoPoint destination, double weight)
      throws Exception {
    String body =
        Json.mapper()
            .writeValueAsString(
                Map.of("origin", origin, "destination", destination, "weight", weight));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gateway + "/deliveries"))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.mapper().readTree(response.body()).get("id").asString();
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
