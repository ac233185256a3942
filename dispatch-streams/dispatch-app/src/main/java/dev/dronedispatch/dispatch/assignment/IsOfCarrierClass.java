package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import java.util.Optional;

/**
 * The drone's type is the class being searched: the package's own class, or a larger one when
 * ALLOW_LARGER_CLASS is on and no exact-class drone was feasible.
 */
public final class IsOfCarrierClass implements CandidateFilter {

  @Override
  public Optional<Rejection> reject(DroneView drone, PickContext context) {
    return drone.type() == context.carrierClass()
        ? Optional.empty()
        : Optional.of(Rejection.WRONG_CLASS);
  }
}
