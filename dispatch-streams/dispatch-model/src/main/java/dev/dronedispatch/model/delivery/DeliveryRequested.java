package dev.dronedispatch.model.delivery;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Event on {@code deliveries.requested}, keyed by delivery id: a delivery was accepted. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryRequested(
    String id,
    GeoPoint origin,
    GeoPoint destination,
    double weight,
    WeightClass weightClass,
    String originZone,
    String destinationZone,
    Instant requestedAt) {}
