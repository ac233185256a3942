package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import java.util.Optional;

/** Not among the drones this round already found taken (e.g. a lost claim in the KV). */
public final class IsNotExcluded implements CandidateFilter {

  @Override
  public Optional<Rejection> reject(DroneView drone, PickContext context) {
    return context.excluded().contains(drone.id())
        ? Optional.of(Rejection.UNAVAILABLE)
        : Optional.empty();
  }
}
