package dev.dronedispatch.model.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class HaversineTest {

  @Test
  void serviceAreaDiagonalIsAbout27point6Km() {
    double km = Haversine.distanceKm(new GeoPoint(41.80, 12.37), new GeoPoint(41.98, 12.60));
    assertThat(km).isCloseTo(27.6, within(0.1));
  }

  @Test
  void oneDegreeOfLatitudeIsAbout111Km() {
    double km = Haversine.distanceKm(new GeoPoint(41.0, 12.5), new GeoPoint(42.0, 12.5));
    assertThat(km).isCloseTo(6371.0 * Math.PI / 180, within(1e-9));
  }

  @Property
  void distanceIsSymmetricAndNonNegative(
      @ForAll @DoubleRange(min = -89, max = 89) double lat1,
      @ForAll @DoubleRange(min = -179, max = 179) double lon1,
      @ForAll @DoubleRange(min = -89, max = 89) double lat2,
      @ForAll @DoubleRange(min = -179, max = 179) double lon2) {
    GeoPoint a = new GeoPoint(lat1, lon1);
    GeoPoint b = new GeoPoint(lat2, lon2);
    assertThat(a.distanceKmTo(b))
        .isGreaterThanOrEqualTo(0)
        .isCloseTo(b.distanceKmTo(a), within(1e-9));
    assertThat(a.distanceKmTo(a)).isZero();
  }

  @Property
  void distanceObeysTheTriangleInequality(
      @ForAll @DoubleRange(min = 41.8, max = 41.98) double lat1,
      @ForAll @DoubleRange(min = 12.37, max = 12.6) double lon1,
      @ForAll @DoubleRange(min = 41.8, max = 41.98) double lat2,
      @ForAll @DoubleRange(min = 12.37, max = 12.6) double lon2,
      @ForAll @DoubleRange(min = 41.8, max = 41.98) double lat3,
      @ForAll @DoubleRange(min = 12.37, max = 12.6) double lon3) {
    GeoPoint a = new GeoPoint(lat1, lon1);
    GeoPoint b = new GeoPoint(lat2, lon2);
    GeoPoint c = new GeoPoint(lat3, lon3);
    assertThat(a.distanceKmTo(c)).isLessThanOrEqualTo(a.distanceKmTo(b) + b.distanceKmTo(c) + 1e-9);
  }

  @Property
  void movingTowardsATargetNeverOvershoots(
      @ForAll @DoubleRange(min = 41.8, max = 41.98) double lat1,
      @ForAll @DoubleRange(min = 12.37, max = 12.6) double lon1,
      @ForAll @DoubleRange(min = 41.8, max = 41.98) double lat2,
      @ForAll @DoubleRange(min = 12.37, max = 12.6) double lon2,
      @ForAll @DoubleRange(min = 0, max = 1) double fraction) {
    GeoPoint from = new GeoPoint(lat1, lon1);
    GeoPoint to = new GeoPoint(lat2, lon2);
    GeoPoint step = from.towards(to, fraction);
    assertThat(step.distanceKmTo(to)).isLessThanOrEqualTo(from.distanceKmTo(to) + 1e-9);
    assertThat(from.towards(to, 1.0)).isEqualTo(to);
  }
}
