package dev.dronedispatch.model.events;

import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Event on {@code drones.telemetry}, keyed by drone id: one simulator tick of one drone. {@code
 * seq} increases by one per tick of a drone so consumers can spot gaps and reordering. {@code
 * current_delivery} and {@code leg} are the drone's own view of its mission; {@code pickup} is
 * present once it has loaded that delivery's parcel.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DroneTelemetry(
    String droneId,
    WeightClass type,
    DroneStatus status,
    GeoPoint pos,
    double battery,
    boolean atCharge,
    String currentDelivery,
    Leg leg,
    double speedKmh,
    long seq,
    Instant ts,
    PickupFix pickup) {

  /** A record of a drone that carries no parcel. */
  public DroneTelemetry(
      String droneId,
      WeightClass type,
      DroneStatus status,
      GeoPoint pos,
      double battery,
      boolean atCharge,
      String currentDelivery,
      Leg leg,
      double speedKmh,
      long seq,
      Instant ts) {
    this(
        droneId,
        type,
        status,
        pos,
        battery,
        atCharge,
        currentDelivery,
        leg,
        speedKmh,
        seq,
        ts,
        null);
  }
}
