package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChargingGovernorTest {

  private final ChargingGovernor governor = new ChargingGovernor(30, 95);

  private static DroneView drone(DroneStatus s, double battery, boolean atCharge, String delivery) {
    return new DroneView(
        "drone-1",
        WeightClass.LIGHT,
        s,
        Drones.ROME,
        battery,
        50,
        delivery,
        atCharge,
        null,
        Instant.EPOCH,
        null);
  }

  @Test
  void chargingEndsAtFullAfterOnlyAtACharger() {
    assertThat(governor.govern(drone(DroneStatus.CHARGING, 95, true, null)))
        .map(FleetTransition::to)
        .contains(DroneStatus.IDLE);
    assertThat(governor.govern(drone(DroneStatus.CHARGING, 99, false, null))).isEmpty();
    assertThat(governor.govern(drone(DroneStatus.CHARGING, 94.9, true, null))).isEmpty();
  }

  @Test
  void retiringBecomesInactiveWhenCharged() {
    assertThat(governor.govern(drone(DroneStatus.RETIRING, 96, true, null)))
        .map(FleetTransition::to)
        .contains(DroneStatus.INACTIVE);
  }

  @Test
  void idleAtOrBelowCriticalGoesChargingButBusyNever() {
    assertThat(governor.govern(drone(DroneStatus.IDLE, 30, false, null)))
        .map(FleetTransition::reason)
        .contains("charge:battery_critical");
    assertThat(governor.govern(drone(DroneStatus.IDLE, 30.1, false, null))).isEmpty();
    assertThat(governor.govern(drone(DroneStatus.BUSY, 0, false, "d1"))).isEmpty();
  }
}
