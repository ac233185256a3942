package dev.dronedispatch.ordergen.orders;

import dev.dronedispatch.model.geo.GeoPoint;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code POST /deliveries}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Order(GeoPoint origin, GeoPoint destination, double weight) {}
