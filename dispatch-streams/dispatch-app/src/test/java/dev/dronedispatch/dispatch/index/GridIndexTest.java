package dev.dronedispatch.dispatch.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.Drones;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridIndexTest {

  @Test
  void everyDroneOfARingIsAtLeastItsLowerBoundAwayAndEachIsVisitedOnce() {
    Random rnd = new Random(3);
    GridIndex g = new GridIndex(0.01);
    for (int i = 0; i < 2000; i++) {
      GeoPoint p = new GeoPoint(41.7 + rnd.nextDouble() * 0.4, 12.3 + rnd.nextDouble() * 0.4);
      g.put(Drones.idle("drone-" + i, p, 80));
    }
    GeoPoint origin = new GeoPoint(41.9, 12.5);
    Set<String> seen = new HashSet<>();
    List<Double> bounds = new ArrayList<>();
    g.rings(
        origin,
        1000,
        (minKm, drones) -> {
          bounds.add(minKm);
          for (DroneView d : drones) {
            assertThat(d.pos().distanceKmTo(origin)).isGreaterThanOrEqualTo(minKm);
            assertThat(seen.add(d.id())).isTrue();
          }
          return true;
        });
    assertThat(seen).hasSize(2000);
    assertThat(bounds).isSorted();
  }

  @Test
  void aRingScanStopsBeyondMaxKmAndWhenTheVisitorSaysSo() {
    GridIndex g = new GridIndex(0.01);
    g.put(Drones.idle("drone-1", Drones.ROME, 80));
    g.put(Drones.idle("drone-2", Drones.north(Drones.ROME, 30), 80));
    List<String> seen = new ArrayList<>();
    g.rings(
        Drones.ROME,
        5,
        (minKm, drones) -> {
          drones.forEach(d -> seen.add(d.id()));
          return true;
        });
    assertThat(seen).containsExactly("drone-1");
    g.put(Drones.idle("drone-3", Drones.north(Drones.ROME, 0.001), 80));
    List<String> first = new ArrayList<>();
    g.rings(
        Drones.ROME,
        5,
        (minKm, drones) -> {
          drones.forEach(d -> first.add(d.id()));
          return false;
        });
    assertThat(first).containsExactlyInAnyOrder("drone-1", "drone-3");
  }

  @Test
  void movingAndRemovingKeepsOneEntryPerDrone() {
    GridIndex g = new GridIndex(0.01);
    g.put(Drones.idle("drone-1", Drones.ROME, 80));
    g.put(Drones.idle("drone-1", Drones.north(Drones.ROME, 5), 80));
    assertThat(g.size()).isEqualTo(1);
    g.remove("drone-1");
    assertThat(g.size()).isZero();
    assertThat(g.contains("drone-1")).isFalse();
  }

  @Test
  void theFleetIndexHoldsOnlyPickableDronesOfEachClass() {
    FleetIndex f = new FleetIndex();
    f.update(Drones.view("drone-1", WeightClass.MEDIUM, DroneStatus.IDLE, Drones.ROME, 80));
    f.update(Drones.view("drone-2", WeightClass.MEDIUM, DroneStatus.BUSY, Drones.ROME, 80));
    assertThat(f.idle(WeightClass.MEDIUM)).isEqualTo(1);
    f.update(Drones.view("drone-1", WeightClass.MEDIUM, DroneStatus.CHARGING, Drones.ROME, 80));
    assertThat(f.idle(WeightClass.MEDIUM)).isZero();
    f.update(Drones.view("drone-1", WeightClass.HEAVY, DroneStatus.IDLE, Drones.ROME, 80));
    assertThat(f.idle(WeightClass.HEAVY)).isEqualTo(1);
    assertThat(f.idle(WeightClass.MEDIUM)).isZero();
  }
}
