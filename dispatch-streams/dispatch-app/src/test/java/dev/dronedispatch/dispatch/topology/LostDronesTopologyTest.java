package dev.dronedispatch.dispatch.topology;

import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.NEAR_DEST;
import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.ORIGIN;
import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.north;
import static dev.dronedispatch.model.fleet.DroneStatus.BUSY;
import static dev.dronedispatch.model.fleet.DroneStatus.IDLE;
import static dev.dronedispatch.model.fleet.DroneStatus.LOST;
import static dev.dronedispatch.model.geo.WeightClass.LIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.geo.GeoPoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drones that go silent or strand, through the real topology with the in-memory KV fake: the drone
 * is marked lost, its delivery handed back (before the pickup) or failed (after it), a silent free
 * drone is not picked, a lost drone heard again is found, and a delivery no drone takes before the
 * deadline fails.
 */
class LostDronesTopologyTest {

  private static final Duration LOST_AFTER = Duration.ofSeconds(30);

  private static DispatchDriver driver() {
    return new DispatchDriver(Map.of("DRONE_LOST_AFTER_MS", Long.toString(LOST_AFTER.toMillis())));
  }

  /** Time passes while only {@code witness} reports: every other drone falls silent. */
  private static void silenceAllBut(DispatchDriver d, String witness, GeoPoint at) {
    d.advance(LOST_AFTER.plusSeconds(1));
    d.moveTo(witness, at, null);
    d.tick();
  }

  @Test
  void aDroneSilentBeforeThePickupIsLostAndItsDeliveryGoesToAnotherDrone() {
    try (DispatchDriver d = driver()) {
      d.idle("drone-1", LIGHT, north(ORIGIN, 1), 90);
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      d.statusEvents();
      d.fleetEvents();
      GeoPoint spare = north(ORIGIN, 2);
      d.idle("drone-2", LIGHT, spare, 90);

      silenceAllBut(d, "drone-2", spare);
      d.tick();

      assertThat(d.statusEvents())
          .extracting(
              DeliveryStatusChanged::status,
              DeliveryStatusChanged::droneId,
              DeliveryStatusChanged::reason)
          .containsExactly(
              tuple(DeliveryStatus.PENDING, "drone-1", "drone_lost"),
              tuple(DeliveryStatus.ASSIGNED, "drone-2", "assigned"));
      assertThat(d.fleetEvents())
          .extracting(FleetEvent::droneId, FleetEvent::from, FleetEvent::to, FleetEvent::reason)
          .containsExactly(
              tuple("drone-1", BUSY, LOST, "lost:silent"),
              tuple("drone-2", IDLE, BUSY, "assigned"));
      assertThat(d.droneDoc("drone-1").status()).isEqualTo(LOST);
      assertThat(d.droneDoc("drone-1").currentDelivery()).isNull();
      assertThat(d.deliveryDoc("del-1").droneId()).isEqualTo("drone-2");
      assertThat(d.registry().counter("dispatch.lost.deliveries", "to", "pending").count())
          .isEqualTo(1.0);
    }
  }

  @Test
  void aDroneLostWithTheParcelOnBoardFailsItsDelivery() {
    try (DispatchDriver d = driver()) {
      d.idle("drone-1", LIGHT, north(ORIGIN, 1), 90);
      d.idle("drone-2", LIGHT, north(ORIGIN, 5), 90);
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      d.moveTo("drone-1", north(ORIGIN, 0.5), Leg.TO_ORIGIN);
      d.tick();
      d.moveTo("drone-1", north(ORIGIN, 0.015), Leg.TO_ORIGIN); // at the origin: loaded
      d.tick();
      assertThat(d.deliveryDoc("del-1").leg()).isEqualTo(Leg.TO_DESTINATION);
      d.statusEvents();
      d.fleetEvents();

      silenceAllBut(d, "drone-2", north(ORIGIN, 5));

      DeliveryStatusChanged failed = only(d.statusEvents());
      assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(failed.droneId()).isEqualTo("drone-1");
      assertThat(failed.reason()).isEqualTo("drone_lost");
      DeliveryDocument doc = d.deliveryDoc("del-1");
      assertThat(doc.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(doc.failureReason()).isEqualTo("drone_lost");
      assertThat(doc.pickedUpAt()).isNotNull();
      assertThat(d.droneDoc("drone-1").status()).isEqualTo(LOST);
      // nothing more happens to it
      d.tick();
      assertThat(d.statusEvents()).isEmpty();
    }
  }

  @Test
  void aBusyDroneThatKeepsReportingFromOnePlaceIsStuckAndLost() {
    try (DispatchDriver d = driver()) {
      GeoPoint downAt = north(ORIGIN, 1);
      d.idle("drone-1", LIGHT, downAt, 90);
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      d.fleetEvents();
      for (int i = 0; i < 4; i++) {
        d.advance(Duration.ofSeconds(10));
        d.moveTo("drone-1", downAt, Leg.TO_ORIGIN); // stranded: reports, never moves
        d.tick();
      }
      assertThat(d.fleetEvents())
          .extracting(FleetEvent::from, FleetEvent::to, FleetEvent::reason)
          .containsExactly(tuple(BUSY, LOST, "lost:stuck"));
      assertThat(d.deliveryDoc("del-1").status()).isEqualTo(DeliveryStatus.PENDING);
    }
  }

  /**
   * The chaos run found it: while a task stalled (its group coordinator moved with a killed broker)
   * its assignments reached no drone, and when it came back it called those drones stuck. A drone
   * gets the whole lost time from the task's return.
   */
  @Test
  void aBusyDroneIsNotStuckForTheTimeItsTaskStalled() {
    try (DispatchDriver d = driver()) {
      GeoPoint waitingAt = north(ORIGIN, 1);
      d.idle("drone-1", LIGHT, waitingAt, 90);
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      d.tick();
      d.fleetEvents();

      d.advance(LOST_AFTER.plusSeconds(20)); // no round for 50 s; the drone never heard of del-1
      d.moveTo("drone-1", waitingAt, null);
      d.tick();
      assertThat(d.fleetEvents()).as("not stuck: its task was away").isEmpty();
      assertThat(d.registry().counter("dispatch.rounds.resumed").count()).isEqualTo(1.0);

      for (int i = 0; i < 4; i++) { // back, and still it does not move: now it is stuck
        d.advance(Duration.ofSeconds(10));
        d.moveTo("drone-1", waitingAt, Leg.TO_ORIGIN);
        d.tick();
      }
      assertThat(d.fleetEvents())
          .extracting(FleetEvent::from, FleetEvent::to, FleetEvent::reason)
          .containsExactly(tuple(BUSY, LOST, "lost:stuck"));
    }
  }

  @Test
  void aSilentFreeDroneIsLostAndNotPickedAndIsFoundWhenItFliesAgain() {
    try (DispatchDriver d = driver()) {
      d.idle("drone-1", LIGHT, north(ORIGIN, 1), 90);
      d.idle("drone-2", LIGHT, north(ORIGIN, 3), 90);
      silenceAllBut(d, "drone-2", north(ORIGIN, 3.1));
      assertThat(d.fleetEvents())
          .extracting(FleetEvent::droneId, FleetEvent::from, FleetEvent::to, FleetEvent::reason)
          .containsExactly(tuple("drone-1", IDLE, LOST, "lost:silent"));

      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      assertThat(only(d.statusEvents()).droneId()).isEqualTo("drone-2");

      // it reports again, flying home: found
      d.advance(Duration.ofSeconds(1));
      d.moveTo("drone-1", north(ORIGIN, 0.9), null);
      d.tick();
      assertThat(d.fleetEvents())
          .extracting(FleetEvent::droneId, FleetEvent::from, FleetEvent::to, FleetEvent::reason)
          .contains(tuple("drone-1", LOST, IDLE, "found"));
      assertThat(d.droneDoc("drone-1").status()).isEqualTo(IDLE);
    }
  }

  @Test
  void aDeliveryNoDroneTakesBeforeTheDeadlineFailsWithNoDrone() {
    try (DispatchDriver d =
        new DispatchDriver(
            Map.of("PENDING_DEADLINE_MS", "60000", "RECONCILE_INTERVAL_MS", "1000"))) {
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      d.advance(Duration.ofSeconds(30));
      d.request("del-2", ORIGIN, NEAR_DEST, 1.0);
      d.advance(Duration.ofSeconds(31));
      d.tick();

      DeliveryStatusChanged failed = only(d.statusEvents());
      assertThat(failed.deliveryId()).isEqualTo("del-1");
      assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(failed.reason()).isEqualTo("no_drone");
      assertThat(failed.droneId()).isNull();
      assertThat(d.deliveryDoc("del-1").status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(d.deliveryDoc("del-2").status()).isEqualTo(DeliveryStatus.PENDING);
      // it left the queue: a drone that turns up takes the younger one only
      d.idle("drone-1", LIGHT, north(ORIGIN, 1), 90);
      d.tick();
      d.tick();
      assertThat(only(d.statusEvents()).deliveryId()).isEqualTo("del-2");
      assertThat(d.registry().counter("dispatch.pending.failed").count()).isEqualTo(1.0);
    }
  }

  @Test
  void aRepublishedRequestOfADeliveryFailedWhileWaitingEmitsNothingMore() {
    try (DispatchDriver d = new DispatchDriver(Map.of("PENDING_DEADLINE_MS", "60000"))) {
      var r = d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      d.advance(Duration.ofSeconds(61));
      d.tick();
      assertThat(only(d.statusEvents()).status()).isEqualTo(DeliveryStatus.FAILED);
      d.republish(r);
      d.tick();
      assertThat(d.statusEvents()).isEmpty();
    }
  }

  private static DeliveryStatusChanged only(List<DeliveryStatusChanged> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
