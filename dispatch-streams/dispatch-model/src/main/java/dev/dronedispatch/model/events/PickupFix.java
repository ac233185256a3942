package dev.dronedispatch.model.events;

import dev.dronedispatch.model.geo.GeoPoint;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Where and when a drone physically loaded the parcel of its current delivery. Telemetry on the
 * {@code to_destination} leg carries it, so a consumer that samples only a drone's latest record
 * still learns where the pickup happened after the drone has flown on.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PickupFix(GeoPoint pos, Instant ts) {}
