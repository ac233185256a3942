package dev.dronedispatch.dispatch.index;

import dev.dronedispatch.dispatch.assignment.CandidateSource;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.util.EnumMap;
import java.util.Map;

/**
 * A spatial index per weight class over the idle, free drones with a position: the only drones a
 * pick can choose, so a pick never walks the busy, charging or inactive part of the fleet.
 */
public final class FleetIndex implements CandidateSource {

  /**
   * About 0.55 km of latitude: a few idle drones per cell at 10,000 drones over Rome (see
   * BENCHMARKS.md).
   */
  public static final double DEFAULT_CELL_DEG = 0.005;

  private final Map<WeightClass, GridIndex> byClass = new EnumMap<>(WeightClass.class);

  public FleetIndex() {
    this(DEFAULT_CELL_DEG);
  }

  public FleetIndex(double cellDeg) {
    for (WeightClass c : WeightClass.values()) {
      byClass.put(c, new GridIndex(cellDeg));
    }
  }

  /** Indexes the drone if it can be picked, otherwise makes sure it is not indexed. */
  public void update(DroneView drone) {
    for (Map.Entry<WeightClass, GridIndex> e : byClass.entrySet()) {
      if (e.getKey() != drone.type()) {
        e.getValue().remove(drone.id());
      }
    }
    GridIndex own = byClass.get(drone.type());
    if (drone.isIdleAndFree() && drone.pos() != null) {
      own.put(drone);
    } else {
      own.remove(drone.id());
    }
  }

  public void remove(String droneId) {
    byClass.values().forEach(g -> g.remove(droneId));
  }

  @Override
  public int idle(WeightClass carrier) {
    return byClass.get(carrier).size();
  }

  @Override
  public void scan(WeightClass carrier, GeoPoint origin, double maxKm, RingVisitor visitor) {
    byClass.get(carrier).rings(origin, maxKm, visitor::ring);
  }
}
