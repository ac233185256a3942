package dev.dronedispatch.simulator.physics;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;

/**
 * Straight-line flight at cruise speed, in real units: a drone covers {@code speed_kmh × seconds /
 * 3600} km per step, lands exactly on the target when it is within reach (a target within the
 * arrival radius counts as reached, and the drone still settles onto it), drains {@code
 * battery_per_km} per km flown and never flies on an empty battery (it stops where the charge runs
 * out). Pure: no clocks, no I/O.
 */
public final class Flight {

  private Flight() {}

  public static FlightStep fly(
      GeoPoint from,
      GeoPoint target,
      double battery,
      double speedKmh,
      double simSeconds,
      PhysicsSettings settings) {
    double remainingKm = Haversine.distanceKm(from, target);
    if (remainingKm == 0) {
      return new FlightStep(from, battery, 0, true);
    }
    if (battery <= 0 || speedKmh <= 0 || simSeconds <= 0) {
      return new FlightStep(from, Math.max(0, battery), 0, remainingKm <= settings.arriveEpsKm());
    }
    double reachKm = speedKmh * simSeconds / 3600.0;
    double rangeKm =
        settings.batteryPerKm() > 0 ? battery / settings.batteryPerKm() : Double.POSITIVE_INFINITY;
    double moveKm = Math.min(Math.min(reachKm, remainingKm), rangeKm);
    boolean limitedByBattery = rangeKm < Math.min(reachKm, remainingKm);
    GeoPoint pos = moveKm >= remainingKm ? target : from.towards(target, moveKm / remainingKm);
    double left = limitedByBattery ? 0 : Math.max(0, battery - moveKm * settings.batteryPerKm());
    boolean arrived = Haversine.distanceKm(pos, target) <= settings.arriveEpsKm();
    return new FlightStep(pos, left, moveKm, arrived);
  }

  /** Battery after {@code simSeconds} at a charger, capped at 100 %. */
  public static double charge(double battery, double simSeconds, PhysicsSettings settings) {
    return Math.min(
        PhysicsSettings.FULL, Math.max(0, battery) + settings.chargePerSec() * simSeconds);
  }
}
