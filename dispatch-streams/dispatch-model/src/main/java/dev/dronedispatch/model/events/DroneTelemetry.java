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
 * seq} increases by one per tick of a drone so consumers can spot gaps and reordering.
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
    Instant ts) {}
