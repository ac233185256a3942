package dev.dronedispatch.simulator.fleet;

import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.util.Optional;

/**
 * What the simulator knows about one drone: its physical state (owned here) and its status (owned
 * by the dispatcher, learnt from {@code fleet.events}). {@code mission} is present once the
 * assigned delivery's coordinates have been read.
 */
public record DroneState(
    String id,
    WeightClass type,
    double speedKmh,
    DroneStatus status,
    GeoPoint pos,
    double battery,
    boolean atCharge,
    Optional<Mission> mission) {

  public static DroneState from(DroneDocument doc, double speedKmh, GeoPoint fallbackPos) {
    return new DroneState(
        doc.id(),
        doc.type(),
        speedKmh,
        doc.status() == null ? DroneStatus.INACTIVE : doc.status(),
        doc.pos() == null ? fallbackPos : doc.pos(),
        doc.battery(),
        doc.atCharge(),
        Optional.empty());
  }

  /** Empty battery away from a charger: the drone cannot move until someone recovers it. */
  public boolean stranded() {
    return battery <= 0 && !atCharge;
  }

  public DroneState withStatus(DroneStatus s) {
    return new DroneState(id, type, speedKmh, s, pos, battery, atCharge, mission);
  }

  public DroneState withMission(Optional<Mission> m) {
    return new DroneState(id, type, speedKmh, status, pos, battery, atCharge, m);
  }

  public DroneState withPhysics(GeoPoint p, double b, boolean charging, Optional<Mission> m) {
    return new DroneState(id, type, speedKmh, status, p, b, charging, m);
  }

  /** Whether the fields the simulator writes to the KV differ. */
  public boolean physicsDiffer(DroneState other) {
    return !pos.equals(other.pos) || battery != other.battery || atCharge != other.atCharge;
  }
}
