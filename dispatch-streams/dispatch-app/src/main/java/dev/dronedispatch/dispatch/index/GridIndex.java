package dev.dronedispatch.dispatch.index;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A uniform latitude/longitude grid over drones with a position. A query walks square rings of
 * cells outwards from the origin's cell; every drone in ring r is at least (r − 1) cell widths
 * away, which gives the lower bound a pick needs to stop early. Not thread-safe.
 */
public final class GridIndex {

  /** Conservative factor on the ring bound (equirectangular width vs great-circle distance). */
  private static final double BOUND_SLACK = 0.98;

  private static final double KM_PER_DEGREE = Haversine.EARTH_RADIUS_KM * Math.PI / 180.0;

  private final double cellDeg;
  private final Map<Long, List<DroneView>> cells = new HashMap<>();
  private final Map<String, Long> cellOf = new HashMap<>();

  public GridIndex(double cellDeg) {
    if (!(cellDeg > 0)) {
      throw new IllegalArgumentException("cell size must be > 0");
    }
    this.cellDeg = cellDeg;
  }

  public int size() {
    return cellOf.size();
  }

  public boolean contains(String droneId) {
    return cellOf.containsKey(droneId);
  }

  /** Adds or moves a drone; a drone without position is removed. */
  public void put(DroneView drone) {
    remove(drone.id());
    if (drone.pos() == null) {
      return;
    }
    long key = key(row(drone.pos().lat()), col(drone.pos().lon()));
    cells.computeIfAbsent(key, k -> new ArrayList<>(4)).add(drone);
    cellOf.put(drone.id(), key);
  }

  public void remove(String droneId) {
    Long key = cellOf.remove(droneId);
    if (key == null) {
      return;
    }
    List<DroneView> cell = cells.get(key);
    for (int i = 0; i < cell.size(); i++) {
      if (cell.get(i).id().equals(droneId)) {
        int last = cell.size() - 1;
        cell.set(i, cell.get(last));
        cell.remove(last);
        break;
      }
    }
    if (cell.isEmpty()) {
      cells.remove(key);
    }
  }

  /**
   * Visits rings around {@code origin} until every drone was visited, the ring's lower bound
   * exceeds {@code maxKm}, or the visitor stops.
   */
  public void rings(GeoPoint origin, double maxKm, RingConsumer visitor) {
    int total = size();
    if (total == 0) {
      return;
    }
    int r0 = row(origin.lat());
    int c0 = col(origin.lon());
    int visited = 0;
    List<DroneView> ring = new ArrayList<>();
    for (int r = 0; visited < total; r++) {
      double minKm = r == 0 ? 0 : (r - 1) * cellKm(origin.lat(), r) * BOUND_SLACK;
      if (minKm > maxKm) {
        return;
      }
      ring.clear();
      if (r == 0) {
        addCell(r0, c0, ring);
      } else {
        for (int c = c0 - r; c <= c0 + r; c++) {
          addCell(r0 - r, c, ring);
          addCell(r0 + r, c, ring);
        }
        for (int rr = r0 - r + 1; rr <= r0 + r - 1; rr++) {
          addCell(rr, c0 - r, ring);
          addCell(rr, c0 + r, ring);
        }
      }
      visited += ring.size();
      if (!ring.isEmpty() && !visitor.ring(minKm, ring)) {
        return;
      }
    }
  }

  /** Receives one ring of drones; answers false to stop. */
  @FunctionalInterface
  public interface RingConsumer {
    boolean ring(double minKm, List<DroneView> drones);
  }

  private void addCell(int row, int col, List<DroneView> out) {
    List<DroneView> cell = cells.get(key(row, col));
    if (cell != null) {
      out.addAll(cell);
    }
  }

  /** The narrower side of a cell, in km, anywhere within {@code rings} cells of {@code lat}. */
  private double cellKm(double lat, int rings) {
    double worstLat = Math.min(89.0, Math.abs(lat) + (rings + 1) * cellDeg);
    return cellDeg * KM_PER_DEGREE * Math.cos(Math.toRadians(worstLat));
  }

  private int row(double lat) {
    return (int) Math.floor(lat / cellDeg);
  }

  private int col(double lon) {
    return (int) Math.floor(lon / cellDeg);
  }

  private static long key(int row, int col) {
    return ((long) row << 32) ^ (col & 0xffffffffL);
  }
}
