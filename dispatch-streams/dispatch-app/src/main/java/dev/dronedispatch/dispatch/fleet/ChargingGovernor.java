package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.fleet.DroneStatus;
import java.util.Optional;

/**
 * govern_charging_and_retiring (original-behaviour.md §9.8): charging at a charger and full → idle;
 * retiring at a charger and full → inactive; idle and free at or below CRITICAL_BATTERY → charging.
 * A busy drone is never sent charging.
 */
public final class ChargingGovernor {

  private final double criticalBattery;
  private final double fullAfter;

  public ChargingGovernor(double criticalBattery, double fullAfter) {
    this.criticalBattery = criticalBattery;
    this.fullAfter = fullAfter;
  }

  public Optional<FleetTransition> govern(DroneView d) {
    if (d.status() == DroneStatus.CHARGING && d.atCharge() && d.battery() >= fullAfter) {
      return Optional.of(
          new FleetTransition(
              d.id(), DroneStatus.CHARGING, DroneStatus.IDLE, FleetTransition.READY_CHARGED));
    }
    if (d.status() == DroneStatus.RETIRING && d.atCharge() && d.battery() >= fullAfter) {
      return Optional.of(
          new FleetTransition(
              d.id(), DroneStatus.RETIRING, DroneStatus.INACTIVE, FleetTransition.RETIRED_CHARGED));
    }
    if (d.isIdleAndFree() && d.battery() <= criticalBattery) {
      return Optional.of(
          new FleetTransition(
              d.id(),
              DroneStatus.IDLE,
              DroneStatus.CHARGING,
              FleetTransition.CHARGE_BATTERY_CRITICAL));
    }
    return Optional.empty();
  }
}
