package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static final DeliveryDocument PENDING =
      DeliveryDocument.pending(
          new DeliveryRequested(
              "d1", Drones.ROME, Drones.ROME, 1, WeightClass.LIGHT, null, null, Instant.EPOCH));

  @Test
  void aBusyDroneWithItsOwnActiveDeliveryIsLeftAlone() {
    var drone = Drones.doc("drone-1", DroneStatus.BUSY, "d1");
    assertThat(
            Reconciler.reasonToFree(drone, Optional.of(PENDING.assigned("drone-1", Instant.EPOCH))))
        .isEmpty();
    assertThat(
            Reconciler.reasonToFree(
                drone,
                Optional.of(PENDING.assigned("drone-1", Instant.EPOCH).inFlight(Instant.EPOCH))))
        .isEmpty();
  }

  @Test
  void missingDeliveredAndNotTheirsAreFreed() {
    var drone = Drones.doc("drone-1", DroneStatus.BUSY, "d1");
    assertThat(Reconciler.reasonToFree(drone, Optional.empty())).contains(Reconciler.MISSING);
    assertThat(
            Reconciler.reasonToFree(
                drone,
                Optional.of(PENDING.assigned("drone-1", Instant.EPOCH).delivered(Instant.EPOCH))))
        .contains(Reconciler.DELIVERED);
    assertThat(Reconciler.reasonToFree(drone, Optional.of(PENDING)))
        .contains(Reconciler.NOT_THEIRS);
    assertThat(
            Reconciler.reasonToFree(drone, Optional.of(PENDING.assigned("drone-2", Instant.EPOCH))))
        .contains(Reconciler.NOT_THEIRS);
  }

  @Test
  void onlyBusyDronesAreReconciled() {
    assertThat(
            Reconciler.reasonToFree(
                Drones.doc("drone-1", DroneStatus.IDLE, null), Optional.empty()))
        .isEmpty();
  }
}
