package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import java.util.Optional;

/**
 * Enough battery for pos → origin → destination → nearest charger to the destination, at
 * BATTERY_PER_KM plus SAFETY_MARGIN_PCT. A drone without a position is infeasible.
 */
public final class IsEnergyFeasible implements CandidateFilter {

  private final EnergyModel energy;

  public IsEnergyFeasible(EnergyModel energy) {
    this.energy = energy;
  }

  @Override
  public Optional<Rejection> reject(DroneView drone, PickContext context) {
    if (drone.pos() == null) {
      return Optional.of(Rejection.ENERGY_INFEASIBLE);
    }
    double required = energy.requiredPct(context.distanceToOriginKm(drone), context.tripKm());
    return drone.battery() >= required
        ? Optional.empty()
        : Optional.of(Rejection.ENERGY_INFEASIBLE);
  }
}
