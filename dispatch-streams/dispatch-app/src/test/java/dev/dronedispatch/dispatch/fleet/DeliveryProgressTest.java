package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.fleet.DeliveryProgress.Step;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryProgressTest {

  private static final GeoPoint ORIGIN = Drones.ROME;
  private static final GeoPoint DEST = Drones.north(ORIGIN, 3);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final DeliveryProgress progress = new DeliveryProgress(0.02);

  private static DeliveryDocument assigned() {
    return DeliveryDocument.pending(
            new DeliveryRequested(
                "d1", ORIGIN, DEST, 1, WeightClass.LIGHT, null, null, Instant.EPOCH))
        .assigned("drone-1", Instant.EPOCH);
  }

  private static DroneView at(GeoPoint p, Leg leg, String delivery) {
    return new DroneView(
        "drone-1", WeightClass.LIGHT, DroneStatus.BUSY, p, 80, 50, delivery, false, leg, NOW);
  }

  @Test
  void assignedGoesInFlightAtTheFirstPosition() {
    var a = progress.advance(assigned(), at(Drones.north(ORIGIN, 1), Leg.TO_ORIGIN, "d1"), NOW);
    assertThat(a.steps()).containsExactly(Step.IN_FLIGHT);
    assertThat(a.result().status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
    assertThat(a.result().leg()).isEqualTo(Leg.TO_ORIGIN);
  }

  @Test
  void withinArriveEpsOfTheOriginThePackageIsPickedUp() {
    DeliveryDocument inFlight = assigned().inFlight();
    assertThat(
            progress
                .advance(inFlight, at(Drones.north(ORIGIN, 0.025), Leg.TO_ORIGIN, "d1"), NOW)
                .isEmpty())
        .isTrue();
    var a = progress.advance(inFlight, at(Drones.north(ORIGIN, 0.015), Leg.TO_ORIGIN, "d1"), NOW);
    assertThat(a.steps()).containsExactly(Step.PICKED_UP);
    assertThat(a.result().leg()).isEqualTo(Leg.TO_DESTINATION);
    assertThat(a.result().pickedUpAt()).isEqualTo(NOW);
  }

  @Test
  void aReportedPickupCountsOnlyForThisDelivery() {
    DeliveryDocument inFlight = assigned().inFlight();
    GeoPoint between = Drones.north(ORIGIN, 1.5);
    assertThat(progress.advance(inFlight, at(between, Leg.TO_DESTINATION, "d1"), NOW).steps())
        .containsExactly(Step.PICKED_UP);
    assertThat(progress.advance(inFlight, at(between, Leg.TO_DESTINATION, "other"), NOW).isEmpty())
        .isTrue();
  }

  @Test
  void atTheDestinationOnTheSecondLegItIsDelivered() {
    DeliveryDocument toDest = assigned().pickedUp(NOW);
    var a = progress.advance(toDest, at(DEST, Leg.TO_DESTINATION, "d1"), NOW);
    assertThat(a.steps()).containsExactly(Step.DELIVERED);
    assertThat(a.result().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(a.result().leg()).isNull();
    // at the destination while still on the first leg: nothing
    assertThat(
            progress.advance(assigned().inFlight(), at(DEST, Leg.TO_ORIGIN, "d1"), NOW).isEmpty())
        .isTrue();
  }

  @Test
  void anotherDronesPositionNeverAdvancesIt() {
    DroneView other =
        new DroneView(
            "drone-9", WeightClass.LIGHT, DroneStatus.BUSY, ORIGIN, 80, 50, "d1", false, null, NOW);
    assertThat(progress.advance(assigned(), other, NOW).isEmpty()).isTrue();
  }
}
