package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import java.util.Optional;

/** Battery strictly above CRITICAL_BATTERY (at or below, the drone is due to charge). */
public final class IsAboveCriticalBattery implements CandidateFilter {

  private final double criticalBattery;

  public IsAboveCriticalBattery(double criticalBattery) {
    this.criticalBattery = criticalBattery;
  }

  @Override
  public Optional<Rejection> reject(DroneView drone, PickContext context) {
    return drone.battery() > criticalBattery
        ? Optional.empty()
        : Optional.of(Rejection.BATTERY_CRITICAL);
  }
}
