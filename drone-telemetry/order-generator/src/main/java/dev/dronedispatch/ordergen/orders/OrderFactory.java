package dev.dronedispatch.ordergen.orders;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.zones.Bounds;
import dev.dronedispatch.model.zones.Zone;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random orders as the original drew them: origin and destination zones each uniform among the
 * zones (possibly the same), each point uniform within its zone's bounds, the weight uniform in
 * [WEIGHT_MIN, WEIGHT_MAX] rounded to two decimals (and never below 0.01 kg).
 */
public final class OrderFactory {

  private final List<Zone> zones;
  private final double weightMin;
  private final double weightMax;
  private final RandomGenerator random;

  public OrderFactory(
      ZonesConfig zones, double weightMin, double weightMax, RandomGenerator random) {
    if (zones.zones().isEmpty()) {
      throw new IllegalArgumentException("no zones to place orders in");
    }
    if (!(weightMin > 0) || weightMax < weightMin) {
      throw new IllegalArgumentException(
          "need 0 < WEIGHT_MIN <= WEIGHT_MAX, got " + weightMin + ", " + weightMax);
    }
    this.zones = zones.zones();
    this.weightMin = weightMin;
    this.weightMax = weightMax;
    this.random = random;
  }

  public Order next() {
    GeoPoint origin = pointIn(zones.get(random.nextInt(zones.size())).bounds());
    GeoPoint destination = pointIn(zones.get(random.nextInt(zones.size())).bounds());
    double w = weightMin + random.nextDouble() * (weightMax - weightMin);
    double weight = Math.max(0.01, Math.round(w * 100) / 100.0);
    return new Order(origin, destination, weight);
  }

  private GeoPoint pointIn(Bounds b) {
    return new GeoPoint(
        b.latMin() + random.nextDouble() * (b.latMax() - b.latMin()),
        b.lonMin() + random.nextDouble() * (b.lonMax() - b.lonMin()));
  }
}
