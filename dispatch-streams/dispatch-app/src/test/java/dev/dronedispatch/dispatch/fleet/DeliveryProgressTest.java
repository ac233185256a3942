package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.fleet.DeliveryProgress.Step;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.PickupFix;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryProgressTest {

  private static final GeoPoint ORIGIN = Drones.ROME;
  private static final GeoPoint DEST = Drones.north(ORIGIN, 3);
  private static final Instant ASSIGNED_AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOW = ASSIGNED_AT.plusSeconds(30);
  private final DeliveryProgress progress = new DeliveryProgress(0.02);

  private static DeliveryDocument assigned() {
    return DeliveryDocument.pending(
            new DeliveryRequested(
                "d1", ORIGIN, DEST, 1, WeightClass.LIGHT, null, null, Instant.EPOCH))
        .assigned("drone-1", ASSIGNED_AT);
  }

  private static DroneView report(GeoPoint p, Leg leg, String delivery, PickupFix fix) {
    return new DroneView(
        "drone-1", WeightClass.LIGHT, DroneStatus.BUSY, p, 80, 50, delivery, false, leg, NOW, fix);
  }

  private static DroneView report(GeoPoint p, Leg leg, String delivery) {
    return report(p, leg, delivery, null);
  }

  @Test
  void assignedGoesInFlightWhenTheDroneReportsTheDeliveryAsItsMission() {
    var a = progress.advance(assigned(), report(Drones.north(ORIGIN, 1), Leg.TO_ORIGIN, "d1"));
    assertThat(a.steps()).containsExactly(Step.IN_FLIGHT);
    assertThat(a.result().status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
    assertThat(a.result().leg()).isEqualTo(Leg.TO_ORIGIN);
    assertThat(a.result().inFlightAt()).isEqualTo(NOW);
  }

  @Test
  void telemetryOfThePreviousMissionIsNoEvidenceForTheNewOne() {
    // the drone still reports its last delivery, parked at that delivery's destination
    DroneView stale = report(DEST, Leg.TO_DESTINATION, "previous", new PickupFix(ORIGIN, NOW));
    assertThat(progress.advance(assigned(), stale).isEmpty()).isTrue();
    assertThat(progress.advance(assigned().inFlight(NOW), stale).isEmpty()).isTrue();
    // nor is a drone that has not named any mission yet, wherever it is
    assertThat(progress.advance(assigned(), report(ORIGIN, null, null)).isEmpty()).isTrue();
  }

  @Test
  void withinArriveEpsOfTheOriginThePackageIsPickedUp() {
    DeliveryDocument inFlight = assigned().inFlight(ASSIGNED_AT);
    assertThat(
            progress
                .advance(inFlight, report(Drones.north(ORIGIN, 0.025), Leg.TO_ORIGIN, "d1"))
                .isEmpty())
        .isTrue();
    var a = progress.advance(inFlight, report(Drones.north(ORIGIN, 0.015), Leg.TO_ORIGIN, "d1"));
    assertThat(a.steps()).containsExactly(Step.PICKED_UP);
    assertThat(a.result().leg()).isEqualTo(Leg.TO_DESTINATION);
    assertThat(a.result().pickedUpAt()).isEqualTo(NOW);
  }

  @Test
  void aPickupFixAtTheOriginCountsAfterTheDroneFlewOnAndIsStampedWithTheFixTime() {
    DeliveryDocument inFlight = assigned().inFlight(ASSIGNED_AT);
    Instant loadedAt = NOW.minusSeconds(5);
    DroneView flownOn =
        report(
            Drones.north(ORIGIN, 1.5),
            Leg.TO_DESTINATION,
            "d1",
            new PickupFix(Drones.north(ORIGIN, 0.01), loadedAt));
    var a = progress.advance(inFlight, flownOn);
    assertThat(a.steps()).containsExactly(Step.PICKED_UP);
    assertThat(a.result().pickedUpAt()).isEqualTo(loadedAt);
  }

  @Test
  void aPickupClaimedAwayFromTheOriginIsNotAPickup() {
    DeliveryDocument inFlight = assigned().inFlight(ASSIGNED_AT);
    GeoPoint between = Drones.north(ORIGIN, 1.5);
    assertThat(
            progress
                .advance(
                    inFlight,
                    report(between, Leg.TO_DESTINATION, "d1", new PickupFix(between, NOW)))
                .isEmpty())
        .isTrue();
    assertThat(progress.advance(inFlight, report(between, Leg.TO_DESTINATION, "d1")).isEmpty())
        .isTrue();
  }

  @Test
  void atTheDestinationCarryingTheParcelItIsDelivered() {
    DeliveryDocument toDest = assigned().inFlight(ASSIGNED_AT).pickedUp(ASSIGNED_AT);
    var a = progress.advance(toDest, report(DEST, Leg.TO_DESTINATION, "d1"));
    assertThat(a.steps()).containsExactly(Step.DELIVERED);
    assertThat(a.result().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(a.result().leg()).isNull();
    assertThat(a.result().deliveredAt()).isEqualTo(NOW);
    // at the destination while the drone has not loaded the parcel: nothing
    assertThat(progress.advance(toDest, report(DEST, Leg.TO_ORIGIN, "d1")).isEmpty()).isTrue();
    assertThat(
            progress
                .advance(assigned().inFlight(ASSIGNED_AT), report(DEST, Leg.TO_ORIGIN, "d1"))
                .isEmpty())
        .isTrue();
  }

  @Test
  void stageTimesNeverRunBackwardsWhenAReportIsStampedBeforeThePreviousStage() {
    Instant later = NOW.plusSeconds(10);
    DeliveryDocument inFlight = assigned().inFlight(later);
    var a = progress.advance(inFlight, report(ORIGIN, Leg.TO_ORIGIN, "d1"));
    assertThat(a.result().pickedUpAt()).isEqualTo(later);
    var b =
        progress.advance(
            assigned().inFlight(ASSIGNED_AT).pickedUp(later),
            report(DEST, Leg.TO_DESTINATION, "d1"));
    assertThat(b.result().deliveredAt()).isEqualTo(later);
  }

  /**
   * Found by the crash test: a dispatcher that was down while its drone loaded and flew on sees the
   * mission for the first time at the destination. The pickup keeps the time of its fix: stamping
   * in flight at the latest report and the pickup after it would put the pickup where the drone was
   * not.
   */
  @Test
  void aDroneFirstSeenAtTheDestinationKeepsItsPickupTime() {
    Instant loadedAt = NOW.minusSeconds(20);
    var a =
        progress.advance(
            assigned(), report(DEST, Leg.TO_DESTINATION, "d1", new PickupFix(ORIGIN, loadedAt)));
    assertThat(a.steps()).containsExactly(Step.IN_FLIGHT, Step.PICKED_UP, Step.DELIVERED);
    assertThat(a.result().inFlightAt()).isEqualTo(loadedAt);
    assertThat(a.result().pickedUpAt()).isEqualTo(loadedAt);
    assertThat(a.result().deliveredAt()).isEqualTo(NOW);
  }

  @Test
  void anotherDronesReportNeverAdvancesIt() {
    DroneView other =
        new DroneView(
            "drone-9",
            WeightClass.LIGHT,
            DroneStatus.BUSY,
            ORIGIN,
            80,
            50,
            "d1",
            false,
            null,
            NOW,
            null);
    assertThat(progress.advance(assigned(), other).isEmpty()).isTrue();
  }
}
