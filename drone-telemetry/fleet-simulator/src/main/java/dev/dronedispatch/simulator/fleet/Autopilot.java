package dev.dronedispatch.simulator.fleet;

import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.simulator.physics.Flight;
import dev.dronedispatch.simulator.physics.FlightStep;
import dev.dronedispatch.simulator.physics.PhysicsSettings;
import java.time.Instant;
import java.util.Optional;

/**
 * One drone's behaviour for one tick, by status (original-behaviour.md §10.3, in real units):
 *
 * <ul>
 *   <li>busy with a known mission: fly to the origin; the tick after arriving there the drone loads
 *       the parcel where it stands (a pickup fix of that position and time) and takes off only on
 *       the tick after that, so the first telemetry of the destination leg is sent from the origin;
 *       then fly to the destination and hover there until the dispatcher frees the drone;
 *   <li>busy without a known mission yet: hover;
 *   <li>charging or retiring: fly to the nearest charger, then charge there ({@code at_charge});
 *   <li>idle or inactive: stay put.
 * </ul>
 *
 * Pure: the caller supplies the simulated seconds elapsed and the time the tick is stamped with.
 */
public final class Autopilot {

  private final PhysicsSettings physics;
  private final ZonesConfig zones;

  public Autopilot(PhysicsSettings physics, ZonesConfig zones) {
    this.physics = physics;
    this.zones = zones;
  }

  public PhysicsSettings physics() {
    return physics;
  }

  public DroneState step(DroneState d, double simSeconds, Instant now) {
    if (d.status() == DroneStatus.BUSY) {
      return d.mission().map(m -> flyMission(d, m, simSeconds, now)).orElse(hover(d));
    }
    if (d.status().seeksCharger()) {
      return seekCharger(d, simSeconds);
    }
    return hover(d);
  }

  private DroneState flyMission(DroneState d, Mission mission, double simSeconds, Instant now) {
    if (mission.leg() == Leg.TO_ORIGIN && within(d.pos(), mission.origin())) {
      return d.withPhysics(
          d.pos(), d.battery(), false, Optional.of(mission.pickedUp(d.pos(), now)));
    }
    FlightStep step =
        Flight.fly(d.pos(), mission.target(), d.battery(), d.speedKmh(), simSeconds, physics);
    return d.withPhysics(step.pos(), step.battery(), false, Optional.of(mission));
  }

  private DroneState seekCharger(DroneState d, double simSeconds) {
    GeoPoint charger = zones.nearestCharger(d.pos());
    if (within(d.pos(), charger)) {
      return d.withPhysics(
          d.pos(), Flight.charge(d.battery(), simSeconds, physics), true, d.mission());
    }
    FlightStep step = Flight.fly(d.pos(), charger, d.battery(), d.speedKmh(), simSeconds, physics);
    return d.withPhysics(step.pos(), step.battery(), false, d.mission());
  }

  private static DroneState hover(DroneState d) {
    return d.atCharge() ? d.withPhysics(d.pos(), d.battery(), false, d.mission()) : d;
  }

  private boolean within(GeoPoint a, GeoPoint b) {
    return Haversine.distanceKm(a, b) <= physics.arriveEpsKm();
  }
}
