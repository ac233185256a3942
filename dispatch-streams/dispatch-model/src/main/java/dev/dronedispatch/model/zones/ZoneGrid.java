package dev.dronedispatch.model.zones;

import dev.dronedispatch.model.geo.GeoPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the zones grid exactly as the original gateway did (original-behaviour.md §3). */
public final class ZoneGrid {

  /** The fixed service area over Rome. */
  public static final Bounds ROME = new Bounds(41.80, 41.98, 12.37, 12.60);

  public static final int DEFAULT_ROWS = 2;
  public static final int DEFAULT_COLS = 2;

  private ZoneGrid() {}

  public static ZonesConfig rome(int rows, int cols) {
    return build(ROME, rows, cols);
  }

  /**
   * Row 0 is the northern strip (latitudes run down from {@code latMax}); columns run west to east;
   * a zone is named {@code "zone " + (row * cols + col)}; neighbours are listed up, down, left,
   * right.
   */
  public static ZonesConfig build(Bounds area, int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException("grid must have at least one row and column");
    }
    double latStep = (area.latMax() - area.latMin()) / rows;
    double lonStep = (area.lonMax() - area.lonMin()) / cols;
    List<Zone> zones = new ArrayList<>(rows * cols);
    Map<String, List<String>> adjacency = new LinkedHashMap<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double latMax = area.latMax() - r * latStep;
        double latMin = latMax - latStep;
        double lonMin = area.lonMin() + c * lonStep;
        double lonMax = lonMin + lonStep;
        Bounds b = new Bounds(latMin, latMax, lonMin, lonMax);
        List<String> neighbors = new ArrayList<>(4);
        if (r > 0) {
          neighbors.add(name(r - 1, c, cols));
        }
        if (r < rows - 1) {
          neighbors.add(name(r + 1, c, cols));
        }
        if (c > 0) {
          neighbors.add(name(r, c - 1, cols));
        }
        if (c < cols - 1) {
          neighbors.add(name(r, c + 1, cols));
        }
        String name = name(r, c, cols);
        GeoPoint charge = b.center();
        zones.add(new Zone(name, r, c, b, charge, neighbors));
        adjacency.put(name, List.copyOf(neighbors));
      }
    }
    return new ZonesConfig(area, rows, cols, zones, adjacency);
  }

  private static String name(int row, int col, int cols) {
    return "zone " + (row * cols + col);
  }
}
