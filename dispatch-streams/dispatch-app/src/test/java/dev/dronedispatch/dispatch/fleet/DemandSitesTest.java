package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DemandSitesTest {

  private static final GeoPoint ROME = new GeoPoint(41.90, 12.48);

  @Test
  void dronesAreRankedAsTheGreatCircleRanksThemAtCityScale() {
    Random random = new Random(7);
    List<GeoPoint> sites = scatter(random, 40);
    List<GeoPoint> drones = scatter(random, 400);
    DemandSites demand = DemandSites.of(sites);
    int compared = 0;
    for (GeoPoint a : drones) {
      for (GeoPoint b : drones) {
        double greatA = nearestKm(a, sites);
        double greatB = nearestKm(b, sites);
        if (greatA < greatB * 0.99) {
          assertThat(demand.nearestSquared(a)).isLessThan(demand.nearestSquared(b));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(50_000);
  }

  @Test
  void withoutSitesEveryDroneIsAsNearAndOneWithoutPositionIsFarthest() {
    assertThat(DemandSites.of(List.of()).nearestSquared(ROME)).isZero();
    assertThat(DemandSites.of(List.of(ROME)).nearestSquared(null)).isInfinite();
  }

  @Test
  void theNearestSiteAcrossTheAntimeridianCounts() {
    DemandSites sites = DemandSites.of(List.of(new GeoPoint(0, 179.9), new GeoPoint(0, 170)));
    assertThat(sites.nearestSquared(new GeoPoint(0, -179.9))).isCloseTo(0.04, within(1e-9));
  }

  /** Points within about 15 km of Rome. */
  private static List<GeoPoint> scatter(Random random, int n) {
    List<GeoPoint> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(
          new GeoPoint(
              ROME.lat() + (random.nextDouble() - 0.5) * 0.27,
              ROME.lon() + (random.nextDouble() - 0.5) * 0.36));
    }
    return points;
  }

  private static double nearestKm(GeoPoint p, List<GeoPoint> sites) {
    return sites.stream().mapToDouble(s -> Haversine.distanceKm(p, s)).min().orElseThrow();
  }
}
