package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.ops.slo.SloCalculator;
import dev.dronedispatch.ops.slo.SloReport;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline with real parts only: the local system as {@code ./run.sh} starts it (a real
 * Kafka broker, three KV nodes and the coordinator, gateway, dispatch and the fleet simulator as
 * processes). Posts the original five-line delivery plan and 100 random deliveries through the
 * gateway, then checks the recorded history: every delivery delivered exactly once, no drone ever
 * holding two deliveries, statuses in order, stops recorded where the drones' telemetry puts them
 * and no sooner than they could fly there, and the dashboard's SSE stream saw them.
 */
class FullPipelineE2ETest {

  /** The original system's test plan: weight, pickup zone, drop zone. */
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
    GatewayClient client = new GatewayClient(http, gateway, system.credentials().apiKey());
    Instant started = Instant.now();
    try (RecordedRun run = new RecordedRun(system.options().kafkaBootstrap());
        SseRecorder sse = new SseRecorder(http, gateway, system.credentials())) {
      ZonesConfig zones = client.zones();
      Random random = new Random(7);
      Set<String> ids = new LinkedHashSet<>();
      for (Object[] line : PLAN) {
        ids.add(
            client.post(
                GatewayClient.point(zones, (String) line[1], random),
                GatewayClient.point(zones, (String) line[2], random),
                (double) line[0]));
      }
      for (int i = 0; i < RANDOM_DELIVERIES; i++) {
        ids.add(client.postRandom(zones, random));
      }
      assertThat(ids).hasSize(PLAN.size() + RANDOM_DELIVERIES);

      run.awaitDelivered(system, ids, DEADLINE);
      run.judge(ids, TIME_ACCELERATION);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (RecordedRun.deliveredIds(sse.deliveryEvents()).size() < ids.size()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(RecordedRun.deliveredIds(sse.deliveryEvents()))
          .as("deliveries the dashboard stream saw delivered")
          .containsAll(ids);

      SloCalculator slo = new SloCalculator(started.minusSeconds(1), Instant.now().plusSeconds(1));
      run.status.history().forEach(slo::accept);
      SloReport report = slo.report();
      System.out.print(report.render());
      assertThat(report.requestToAssigned().count()).isEqualTo(ids.size());
      assertThat(report.requestToDelivered().count()).isEqualTo(ids.size());
    }
  }
}
