package dev.dronedispatch.e2e;

import dev.dronedispatch.checking.fault.Kill;
import dev.dronedispatch.checking.fault.Restart;
import dev.dronedispatch.checking.fault.Restartable;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two dispatch processes share the work (one Kafka Streams group, the real broker and KV); while
 * deliveries keep arriving (the workload), one is killed with SIGKILL and restarted (the checking
 * kit's {@code Kill} and {@code Restart}). The read_committed history, with the faults, is judged
 * by the kit's history checker, that of {@code ops audit}: every delivery assigned to one drone and
 * delivered exactly once, no drone holding two deliveries, statuses in order, the physics intact.
 */
class DispatchCrashE2ETest {

  private static final double TIME_ACCELERATION = 60.0;
  private static final int BEFORE_KILL = 40;
  private static final int WHILE_DOWN = 40;
  private static final String VICTIM = "dispatch-2";

  private static LocalSystem system;
  private static HttpClient http;

  @BeforeAll
  static void startTheSystem() throws Exception {
    system = SystemUnderTest.start(40, TIME_ACCELERATION, 2);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aDispatcherKilledUnderLoadLosesNoDeliveryAndAssignsNoneTwice() throws Exception {
    GatewayClient client = new GatewayClient(http, system.options().gatewayUrl());
    try (RecordedRun run = new RecordedRun(system.options().kafkaBootstrap())) {
      ZonesConfig zones = client.zones();
      Random random = new Random(13);
      Set<String> ids = new LinkedHashSet<>();
      for (int i = 0; i < BEFORE_KILL; i++) {
        ids.add(client.postRandom(zones, random));
      }
      awaitAssignedAtLeast(run, BEFORE_KILL / 4);

      Restartable victim = SystemUnderTest.service(system, VICTIM);
      new Kill().inject(victim, run.faults);
      for (int i = 0; i < WHILE_DOWN; i++) {
        ids.add(client.postRandom(zones, random));
      }
      new Restart().inject(victim, run.faults);

      run.awaitDelivered(system, ids, Duration.ofMinutes(6));
      run.judge(ids, TIME_ACCELERATION);
    }
  }

  private static void awaitAssignedAtLeast(RecordedRun run, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (run.status.history().stream()
                .filter(e -> e.stage() == dev.dronedispatch.model.delivery.DeliveryStage.ASSIGNED)
                .count()
            < n
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }
}
