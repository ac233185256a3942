package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.util.List;

/**
 * Where a pick finds drones: in rings of non-decreasing distance from the origin, each ring with a
 * lower bound of the distance of every drone not yet visited, so a pick can stop early.
 */
public interface CandidateSource {

  /** Visits drones of {@code carrier} up to about {@code maxKm}; stops when the visitor says so. */
  void scan(WeightClass carrier, GeoPoint origin, double maxKm, RingVisitor visitor);

  /** How many drones of {@code carrier} could be picked, wherever they are. */
  int idle(WeightClass carrier);

  /** Receives one ring; answers false to stop the scan. */
  @FunctionalInterface
  interface RingVisitor {
    boolean ring(double minKm, List<DroneView> drones);
  }
}
