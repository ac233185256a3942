package dev.dronedispatch.model.zones;

import dev.dronedispatch.model.geo.GeoPoint;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A latitude/longitude rectangle; every edge is inclusive, as in the original. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Bounds(double latMin, double latMax, double lonMin, double lonMax) {

  public boolean contains(GeoPoint p) {
    return p.lat() >= latMin && p.lat() <= latMax && p.lon() >= lonMin && p.lon() <= lonMax;
  }

  public GeoPoint center() {
    return new GeoPoint((latMin + latMax) / 2, (lonMin + lonMax) / 2);
  }
}
