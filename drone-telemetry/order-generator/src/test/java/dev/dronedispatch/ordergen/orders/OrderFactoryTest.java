package dev.dronedispatch.ordergen.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderFactoryTest {

  private static final ZonesConfig ZONES = ZoneGrid.rome(2, 2);

  @Test
  void pointsFallInRandomZonesAndWeightsInRangeWithTwoDecimals() {
    OrderFactory f = new OrderFactory(ZONES, 0.2, 10.0, new SplittableRandom(5));
    Map<String, Integer> originZones = new HashMap<>();
    Map<WeightClass, Integer> classes = new EnumMap<>(WeightClass.class);
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      Order o = f.next();
      assertThat(ZONES.bounds().contains(o.origin())).isTrue();
      assertThat(ZONES.bounds().contains(o.destination())).isTrue();
      assertThat(o.weight()).isBetween(0.2, 10.0);
      assertThat(Math.abs(o.weight() * 100 - Math.round(o.weight() * 100))).isLessThan(1e-6);
      originZones.merge(ZONES.zoneNameOf(o.origin()).orElseThrow(), 1, Integer::sum);
      classes.merge(WeightClass.forWeight(o.weight()), 1, Integer::sum);
    }
    assertThat(originZones).hasSize(4);
    originZones.values().forEach(c -> assertThat(c).isBetween(n / 4 - 500, n / 4 + 500));
    // the original's class mix: about 28.6 % light, 40.8 % medium, 30.6 % heavy
    assertThat(classes.get(WeightClass.LIGHT) / (double) n).isBetween(0.27, 0.30);
    assertThat(classes.get(WeightClass.MEDIUM) / (double) n).isBetween(0.39, 0.425);
    assertThat(classes.get(WeightClass.HEAVY) / (double) n).isBetween(0.29, 0.32);
  }

  @Test
  void theSameSeedGivesTheSameOrders() {
    OrderFactory a = new OrderFactory(ZONES, 1, 2, new SplittableRandom(9));
    OrderFactory b = new OrderFactory(ZONES, 1, 2, new SplittableRandom(9));
    for (int i = 0; i < 10; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }
}
