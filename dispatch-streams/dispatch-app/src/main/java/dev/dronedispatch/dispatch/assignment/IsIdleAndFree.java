package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import java.util.Optional;

/** Status idle and no current delivery (original-behaviour.md §9.3 step 2). */
public final class IsIdleAndFree implements CandidateFilter {

  @Override
  public Optional<Rejection> reject(DroneView drone, PickContext context) {
    return drone.isIdleAndFree() ? Optional.empty() : Optional.of(Rejection.NOT_IDLE);
  }
}
