package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The original's candidate source: every drone of the fleet in index order, as one ring at distance
 * 0. The baseline for the spatial index and its test oracle.
 */
public final class LinearScan implements CandidateSource {

  private final List<DroneView> fleet;

  public LinearScan(Collection<DroneView> fleet) {
    this.fleet =
        fleet.stream()
            .sorted(
                Comparator.comparingInt((DroneView d) -> KvKeys.droneNumber(d.id()))
                    .thenComparing(DroneView::id))
            .toList();
  }

  @Override
  public int idle(WeightClass carrier) {
    return (int) fleet.stream().filter(d -> d.type() == carrier && d.isIdleAndFree()).count();
  }

  @Override
  public void scan(WeightClass carrier, GeoPoint origin, double maxKm, RingVisitor visitor) {
    visitor.ring(0, fleet);
  }
}
