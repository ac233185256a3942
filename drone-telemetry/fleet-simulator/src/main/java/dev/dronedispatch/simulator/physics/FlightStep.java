package dev.dronedispatch.simulator.physics;

import dev.dronedispatch.model.geo.GeoPoint;

/**
 * Where one stretch of flight ended.
 *
 * @param pos the new position
 * @param battery the battery left, never below 0
 * @param kmFlown the distance actually covered
 * @param arrived whether the target is now within the arrival radius
 */
public record FlightStep(GeoPoint pos, double battery, double kmFlown, boolean arrived) {

  /** The battery is empty and the target was not reached: the drone cannot move on. */
  public boolean stranded() {
    return battery <= 0 && !arrived;
  }
}
