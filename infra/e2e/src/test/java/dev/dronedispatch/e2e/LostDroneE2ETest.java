package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.fault.DroneFaultSwitch;
import dev.dronedispatch.checking.fault.FindDrone;
import dev.dronedispatch.checking.fault.LoseDrone;
import dev.dronedispatch.checking.history.Verdict;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drones lost on the running system, through the simulator's operator fault switch (the checking
 * kit's {@code LoseDrone}): one goes silent on its way to a pickup, another strands with a parcel
 * on board. The first one's delivery must go back to pending and be delivered by another drone, the
 * second one's must fail {@code drone_lost}, every other delivery must be delivered, and the
 * history checker of {@code ops audit} must find no violation. Cleared ({@code FindDrone}), the
 * silent drone reports again, flies home and is found.
 */
class LostDroneE2ETest {

  /** Slow enough that a flight to a pickup, and a leg with the parcel, last several seconds. */
  private static final double TIME_ACCELERATION = 25.0;

  private static final int DELIVERIES = 6;

  private static LocalSystem system;
  private static HttpClient http;

  @BeforeAll
  static void startTheSystem() throws Exception {
    system = SystemUnderTest.start(30, TIME_ACCELERATION);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aDeliveryLostBeforeItsPickupIsDeliveredByAnotherDroneAndOneLostAfterItFails()
      throws Exception {
    GatewayClient client =
        new GatewayClient(http, system.options().gatewayUrl(), system.credentials().apiKey());
    try (RecordedRun run = new RecordedRun(system.options().kafkaBootstrap());
        TopicRecorder<FleetEvent> fleet =
            new TopicRecorder<>(system.options().kafkaBootstrap(), Topics.FLEET_EVENTS)) {
      DroneFaultSwitch fleetSwitch =
          new DroneFaultSwitch(
              "http://127.0.0.1:" + system.options().faultSwitchPort(),
              system.credentials().faultSwitchToken());
      ZonesConfig zones = client.zones();
      Random random = new Random(21);
      Set<String> ids = new LinkedHashSet<>();
      for (int i = 0; i < DELIVERIES; i++) {
        // light parcels corner to corner: long legs, time to catch a drone on each
        ids.add(
            client.post(
                GatewayClient.point(zones, "zone 0", random),
                GatewayClient.point(zones, "zone 3", random),
                1.0));
      }

      DeliveryStatusChanged toPickup =
          awaitLatest(
              run,
              e ->
                  e.stage() == DeliveryStage.ASSIGNED
                      && e.decision() != null
                      && e.decision().chosen().distanceKm() > 0.5);
      String silent = toPickup.droneId();
      new LoseDrone(LoseDrone.Mode.SILENT).inject(fleetSwitch, silent, run.faults);
      DeliveryStatusChanged loaded =
          awaitLatest(
              run,
              e ->
                  e.stage() == DeliveryStage.TO_DESTINATION
                      && !e.deliveryId().equals(toPickup.deliveryId()));
      String stranded = loaded.droneId();
      new LoseDrone(LoseDrone.Mode.STRANDED).inject(fleetSwitch, stranded, run.faults);
      System.out.printf(
          "[e2e] %s silenced on its way to %s; %s stranded carrying %s%n",
          silent, toPickup.deliveryId(), stranded, loaded.deliveryId());

      run.awaitEnded(system, ids, Duration.ofMinutes(5));
      Verdict verdict = run.audit(ids, TIME_ACCELERATION);
      assertThat(verdict.delivered()).isEqualTo(DELIVERIES - 1);
      assertThat(verdict.outcomes().failed().byReason())
          .containsExactly(Map.entry("drone_lost", 1));

      List<DeliveryStatusChanged> handedBack = eventsOf(run, toPickup.deliveryId());
      assertThat(handedBack)
          .anyMatch(
              e ->
                  e.status() == DeliveryStatus.PENDING
                      && "drone_lost".equals(e.reason())
                      && silent.equals(e.droneId()));
      DeliveryStatusChanged end = handedBack.get(handedBack.size() - 1);
      assertThat(end.status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(end.droneId()).isNotEqualTo(silent);

      List<DeliveryStatusChanged> lostWithIt = eventsOf(run, loaded.deliveryId());
      DeliveryStatusChanged failed = lostWithIt.get(lostWithIt.size() - 1);
      assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(failed.reason()).isEqualTo("drone_lost");
      assertThat(failed.droneId()).isEqualTo(stranded);

      assertThat(fleet.history())
          .anyMatch(lost(silent, "lost:silent"))
          .anyMatch(lost(stranded, "lost:stuck"));

      new FindDrone().inject(fleetSwitch, silent, run.faults);
      awaitFleetEvent(
          fleet,
          e ->
              e.droneId().equals(silent)
                  && e.to() == DroneStatus.IDLE
                  && "found".equals(e.reason()),
          Duration.ofMinutes(2));
    }
  }

  private static Predicate<FleetEvent> lost(String droneId, String reason) {
    return e ->
        e.droneId().equals(droneId) && e.to() == DroneStatus.LOST && reason.equals(e.reason());
  }

  /** The first delivery whose latest committed event matches, once one does. */
  private static DeliveryStatusChanged awaitLatest(
      RecordedRun run, Predicate<DeliveryStatusChanged> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, DeliveryStatusChanged> latest = new HashMap<>();
      run.status.history().forEach(e -> latest.put(e.deliveryId(), e));
      Optional<DeliveryStatusChanged> found = latest.values().stream().filter(wanted).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no delivery reached the wanted stage: " + run.status.history());
  }

  private static List<DeliveryStatusChanged> eventsOf(RecordedRun run, String deliveryId) {
    return run.status.history().stream().filter(e -> e.deliveryId().equals(deliveryId)).toList();
  }

  private static void awaitFleetEvent(
      TopicRecorder<FleetEvent> fleet, Predicate<FleetEvent> wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (fleet.history().stream().noneMatch(wanted)) {
      assertThat(System.nanoTime()).as("waited for a fleet event").isLessThan(deadline);
      Thread.sleep(250);
    }
  }
}
