package dev.dronedispatch.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.Zone;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetLayoutTest {

  private static final ZonesConfig ZONES = ZoneGrid.rome(2, 2);

  @Test
  void theSameSeedGivesTheSameTypesAndStartsAcrossRestarts() {
    FleetLayout first = new FleetLayout(7, ZONES);
    FleetLayout again = new FleetLayout(7, ZONES);
    for (int i = 1; i <= 100; i++) {
      assertThat(again.type(i)).isEqualTo(first.type(i));
      assertThat(again.startPosition(i)).isEqualTo(first.startPosition(i));
    }
  }

  @Test
  void typesCycleLightMediumHeavySoEighteenDronesAreSixOfEach() {
    FleetLayout layout = new FleetLayout(3, ZONES);
    Map<WeightClass, Integer> counts = new EnumMap<>(WeightClass.class);
    for (int i = 1; i <= 18; i++) {
      counts.merge(layout.type(i), 1, Integer::sum);
      assertThat(layout.type(i + 1).ordinal()).isEqualTo((layout.type(i).ordinal() + 1) % 3);
    }
    assertThat(counts).containsEntry(WeightClass.LIGHT, 6).containsEntry(WeightClass.HEAVY, 6);
  }

  @Test
  void dronesStartNextToAChargerWithinTheJitter() {
    FleetLayout layout = new FleetLayout(11, ZONES);
    for (int i = 1; i <= 40; i++) {
      GeoPoint p = layout.startPosition(i);
      boolean nearOne = false;
      for (Zone z : ZONES.zones()) {
        nearOne |=
            Math.abs(p.lat() - z.charge().lat()) <= FleetLayout.JITTER_DEG
                && Math.abs(p.lon() - z.charge().lon()) <= FleetLayout.JITTER_DEG;
      }
      assertThat(nearOne).as("drone-%d at %s", i, p).isTrue();
    }
  }

  @Test
  void consecutiveDronesAreSpreadOverTheChargers() {
    FleetLayout layout = new FleetLayout(5, ZONES);
    GeoPoint c1 = ZONES.nearestCharger(layout.startPosition(1));
    GeoPoint c2 = ZONES.nearestCharger(layout.startPosition(2));
    GeoPoint c5 = ZONES.nearestCharger(layout.startPosition(5));
    assertThat(c1).isNotEqualTo(c2);
    assertThat(c5).isEqualTo(c1);
  }
}
