package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import java.util.Optional;

/**
 * At most MAX_PICKUP_KM from the origin. The original applied this to the best candidate only;
 * since distance is the first ranking key the outcome is the same except inside one NEAR_EPS_KM
 * bucket straddling the limit, where this filter still finds the in-range drone.
 */
public final class IsWithinPickupRange implements CandidateFilter {

  private final double maxPickupKm;

  public IsWithinPickupRange(double maxPickupKm) {
    this.maxPickupKm = maxPickupKm;
  }

  @Override
  public Optional<Rejection> reject(DroneView drone, PickContext context) {
    return drone.pos() != null && context.distanceToOriginKm(drone) <= maxPickupKm
        ? Optional.empty()
        : Optional.of(Rejection.TOO_FAR);
  }
}
