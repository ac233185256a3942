package dev.dronedispatch.model.zones;

import dev.dronedispatch.model.geo.GeoPoint;
import java.util.List;

/** One cell of the service-area grid, with its single charge point at the cell centre. */
public record Zone(
    String name, int row, int col, Bounds bounds, GeoPoint charge, List<String> neighbors) {

  public Zone {
    neighbors = List.copyOf(neighbors);
  }
}
