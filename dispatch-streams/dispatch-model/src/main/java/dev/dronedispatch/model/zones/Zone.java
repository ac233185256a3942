package dev.dronedispatch.model.zones;

import dev.dronedispatch.model.geo.GeoPoint;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** One cell of the service-area grid, with its single charge point at the cell centre. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Zone(
    String name, int row, int col, Bounds bounds, GeoPoint charge, List<String> neighbors) {

  public Zone {
    neighbors = List.copyOf(neighbors);
  }
}
