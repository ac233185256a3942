package dev.dronedispatch.simulator.fleet;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.Zone;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The fleet's deterministic bootstrap layout (original-behaviour.md §10.2 with a fixed seed instead
 * of a random one, so types never change across restarts): drone {@code i} (1-based) has type
 * {@code light → medium → heavy} cycled from an offset drawn from the seed, and starts at charge
 * point {@code (i-1) mod zones} of a seed-shuffled list, jittered by up to ±0.0004° on each axis.
 */
public final class FleetLayout {

  public static final double JITTER_DEG = 0.0004;

  private final long seed;
  private final int typeOffset;
  private final List<GeoPoint> chargers;

  public FleetLayout(long seed, ZonesConfig zones) {
    this.seed = seed;
    Random random = new Random(seed);
    this.typeOffset = random.nextInt(WeightClass.values().length);
    List<GeoPoint> points = new ArrayList<>();
    for (Zone z : zones.zones()) {
      points.add(z.charge());
    }
    Collections.shuffle(points, random);
    this.chargers = List.copyOf(points);
  }

  public static String droneId(int index) {
    return "drone-" + index;
  }

  public WeightClass type(int index) {
    WeightClass[] classes = WeightClass.values();
    return classes[(typeOffset + index - 1) % classes.length];
  }

  public GeoPoint startPosition(int index) {
    GeoPoint charger = chargers.get((index - 1) % chargers.size());
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    double dLat = r.nextDouble(-JITTER_DEG, JITTER_DEG);
    double dLon = r.nextDouble(-JITTER_DEG, JITTER_DEG);
    return new GeoPoint(charger.lat() + dLat, charger.lon() + dLon);
  }
}
