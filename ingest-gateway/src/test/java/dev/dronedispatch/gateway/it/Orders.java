package dev.dronedispatch.gateway.it;

import dev.dronedispatch.model.zones.Zone;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.Locale;
import java.util.Random;

/**
 * Order bodies as the original's order generator drew them: origin and destination zones uniform
 * among the zones, each point uniform in its zone, weight uniform in [0.2, 10] kg at 2 decimals.
 */
public final class Orders {

  private static final ZonesConfig ZONES = ZoneGrid.rome(2, 2);

  private Orders() {}

  public static String random(Random rnd) {
    Zone from = ZONES.zones().get(rnd.nextInt(ZONES.zones().size()));
    Zone to = ZONES.zones().get(rnd.nextInt(ZONES.zones().size()));
    double weight = Math.round((0.2 + rnd.nextDouble() * 9.8) * 100) / 100.0;
    return body(point(from, rnd), point(to, rnd), weight);
  }

  public static String body(double[] origin, double[] destination, double weight) {
    return String.format(
        Locale.ROOT,
        "{\"origin\":{\"lat\":%.6f,\"lon\":%.6f},\"destination\":{\"lat\":%.6f,\"lon\":%.6f},"
            + "\"weight\":%s}",
        origin[0],
        origin[1],
        destination[0],
        destination[1],
        weight);
  }

  private static double[] point(Zone z, Random rnd) {
    return new double[] {
      z.bounds().latMin() + rnd.nextDouble() * (z.bounds().latMax() - z.bounds().latMin()),
      z.bounds().lonMin() + rnd.nextDouble() * (z.bounds().lonMax() - z.bounds().lonMin())
    };
  }
}
