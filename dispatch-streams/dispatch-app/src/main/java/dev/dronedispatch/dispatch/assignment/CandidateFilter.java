package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import java.util.Optional;

/** One rule a drone must pass to be a candidate; answers the reason when it rejects. */
@FunctionalInterface
public interface CandidateFilter {

  Optional<Rejection> reject(DroneView drone, PickContext context);
}
