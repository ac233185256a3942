package dev.dronedispatch.model.zones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dronedispatch.model.geo.GeoPoint;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ZoneGridTest {

  private final ZonesConfig grid = ZoneGrid.rome(2, 2);

  @Test
  void defaultGridMatchesTheOriginalsTable() {
    assertThat(grid.zones())
        .extracting(Zone::name)
        .containsExactly("zone 0", "zone 1", "zone 2", "zone 3");
    Zone z0 = grid.zones().get(0);
    assertThat(z0.bounds().latMin()).isCloseTo(41.89, within(1e-9));
    assertThat(z0.bounds().latMax()).isCloseTo(41.98, within(1e-9));
    assertThat(z0.bounds().lonMin()).isCloseTo(12.37, within(1e-9));
    assertThat(z0.bounds().lonMax()).isCloseTo(12.485, within(1e-9));
    assertThat(z0.charge().lat()).isCloseTo(41.935, within(1e-9));
    assertThat(z0.charge().lon()).isCloseTo(12.4275, within(1e-9));
    Zone z3 = grid.zones().get(3);
    assertThat(z3.charge().lat()).isCloseTo(41.845, within(1e-9));
    assertThat(z3.charge().lon()).isCloseTo(12.5425, within(1e-9));
  }

  @Test
  void neighboursAreListedUpDownLeftRight() {
    assertThat(grid.zones())
        .extracting(Zone::neighbors)
        .containsExactly(
            List.of("zone 2", "zone 1"),
            List.of("zone 3", "zone 0"),
            List.of("zone 0", "zone 3"),
            List.of("zone 1", "zone 2"));
    Zone center = ZoneGrid.rome(3, 3).zone("zone 4").orElseThrow();
    assertThat(center.neighbors()).containsExactly("zone 1", "zone 7", "zone 3", "zone 5");
    assertThat(grid.adjacency().get("zone 0")).containsExactly("zone 2", "zone 1");
  }

  @Test
  void aPointOnASharedEdgeBelongsToTheEarlierZone() {
    assertThat(grid.zoneNameOf(new GeoPoint(41.89, 12.485))).contains("zone 0");
    assertThat(grid.zoneNameOf(new GeoPoint(41.85, 12.485))).contains("zone 2");
    assertThat(grid.zoneNameOf(new GeoPoint(41.80, 12.60))).contains("zone 3");
  }

  @Test
  void aPointOutsideTheAreaHasNoZone() {
    assertThat(grid.zoneOf(new GeoPoint(41.79, 12.4))).isEmpty();
    assertThat(grid.zoneOf(new GeoPoint(45.0, 9.0))).isEmpty();
  }

  @Test
  void nearestChargerIsTheClosestCellCentre() {
    assertThat(grid.nearestCharger(new GeoPoint(41.97, 12.38)))
        .isEqualTo(grid.zones().get(0).charge());
    assertThat(grid.nearestCharger(new GeoPoint(41.81, 12.59)))
        .isEqualTo(grid.zones().get(3).charge());
  }

  @Test
  void proximityRanksSameZoneThenNeighbourThenElsewhere() {
    assertThat(grid.proximity(Optional.of("zone 0"), Optional.of("zone 0")))
        .isEqualTo(ProximityRank.SAME_ZONE);
    assertThat(grid.proximity(Optional.of("zone 1"), Optional.of("zone 0")))
        .isEqualTo(ProximityRank.NEIGHBOR_ZONE);
    assertThat(grid.proximity(Optional.of("zone 3"), Optional.of("zone 0")))
        .isEqualTo(ProximityRank.ELSEWHERE);
    assertThat(grid.proximity(Optional.empty(), Optional.of("zone 0")))
        .isEqualTo(ProximityRank.ELSEWHERE);
  }

  @Property
  void everyPointInTheAreaGetsTheFirstZoneContainingIt(
      @ForAll @IntRange(min = 1, max = 6) int rows,
      @ForAll @IntRange(min = 1, max = 6) int cols,
      @ForAll @DoubleRange(min = 41.80, max = 41.98) double lat,
      @ForAll @DoubleRange(min = 12.37, max = 12.60) double lon) {
    ZonesConfig config = ZoneGrid.rome(rows, cols);
    GeoPoint p = new GeoPoint(lat, lon);
    Zone zone = config.zoneOf(p).orElseThrow();
    assertThat(zone.bounds().contains(p)).isTrue();
    int index = config.zones().indexOf(zone);
    assertThat(config.zones().subList(0, index)).noneMatch(z -> z.bounds().contains(p));
  }

  @Property
  void gridsHaveRowsTimesColsZonesWithSymmetricAdjacency(
      @ForAll @IntRange(min = 1, max = 8) int rows, @ForAll @IntRange(min = 1, max = 8) int cols) {
    ZonesConfig config = ZoneGrid.rome(rows, cols);
    assertThat(config.zones()).hasSize(rows * cols);
    for (Zone z : config.zones()) {
      assertThat(z.neighbors()).hasSizeLessThanOrEqualTo(4);
      for (String n : z.neighbors()) {
        assertThat(config.adjacency().get(n)).contains(z.name());
      }
      assertThat(z.bounds().contains(z.charge())).isTrue();
    }
  }
}
