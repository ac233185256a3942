package dev.dronedispatch.model.fleet;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A drone as stored under {@code drone:{id}} (original-behaviour.md §2.4). The dispatcher owns the
 * control fields ({@code status}, {@code current_delivery}, {@code feas_miss*}); the simulator owns
 * the physical ones ({@code pos}, {@code battery}, {@code at_charge}). Each side changes only its
 * own fields, always by compare-and-set. {@code speed_kmh} replaces the original's per-tick
 * fraction.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DroneDocument(
    String id,
    WeightClass type,
    DroneStatus status,
    double battery,
    GeoPoint pos,
    double speedKmh,
    String currentDelivery,
    int feasMiss,
    List<String> feasMissSet,
    boolean atCharge) {

  public DroneDocument {
    feasMissSet = feasMissSet == null ? List.of() : List.copyOf(feasMissSet);
  }

  /** A newly registered drone: inactive, full, no delivery. */
  public static DroneDocument registered(String id, WeightClass type, GeoPoint pos, double kmh) {
    return new DroneDocument(
        id, type, DroneStatus.INACTIVE, 100.0, pos, kmh, null, 0, List.of(), false);
  }

  public boolean isIdleAndFree() {
    return status == DroneStatus.IDLE && currentDelivery == null;
  }

  /** Control-field change by the dispatcher; physical fields are kept as read. */
  public DroneDocument withControl(
      DroneStatus newStatus, String delivery, int misses, List<String> missSet) {
    return new DroneDocument(
        id, type, newStatus, battery, pos, speedKmh, delivery, misses, missSet, atCharge);
  }

  public DroneDocument withStatus(DroneStatus newStatus) {
    return withControl(newStatus, currentDelivery, feasMiss, feasMissSet);
  }

  /** Physical-field change by the simulator; control fields are kept as read. */
  public DroneDocument withPhysics(GeoPoint newPos, double newBattery, boolean newAtCharge) {
    return new DroneDocument(
        id,
        type,
        status,
        newBattery,
        newPos,
        speedKmh,
        currentDelivery,
        feasMiss,
        feasMissSet,
        newAtCharge);
  }
}
