package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.geo.GeoPoint;
import java.util.List;

/**
 * Where one class's deliveries wait, for ranking drones by how near they are to the nearest of
 * them. The ranking uses the flat-earth (equirectangular) distance with each site's longitude scale
 * computed once: at city scale it orders drones as the great circle does, for a few multiplications
 * instead of six trigonometric calls. Why: ranking thousands of inactive drones against hundreds of
 * waiting deliveries by great-circle distance took the whole governance tick (seconds with 5,000
 * drones), so the fleet woke one round every few seconds while the backlog grew.
 */
final class DemandSites {

  private final double[] lat;
  private final double[] lon;
  private final double[] lonScale;

  private DemandSites(List<GeoPoint> where) {
    int n = where.size();
    lat = new double[n];
    lon = new double[n];
    lonScale = new double[n];
    for (int i = 0; i < n; i++) {
      GeoPoint p = where.get(i);
      lat[i] = p.lat();
      lon[i] = p.lon();
      lonScale[i] = Math.cos(Math.toRadians(p.lat()));
    }
  }

  static DemandSites of(List<GeoPoint> where) {
    return new DemandSites(where);
  }

  /**
   * The squared flat-earth distance from {@code p} to the nearest site, in squared degrees of
   * latitude: only its order means anything. Zero when there are no sites (every drone is as near),
   * infinite for a drone without a position.
   */
  double nearestSquared(GeoPoint p) {
    if (p == null) {
      return Double.POSITIVE_INFINITY;
    }
    if (lat.length == 0) {
      return 0;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < lat.length; i++) {
      double dLon = Math.abs(p.lon() - lon[i]);
      double x = Math.min(dLon, 360 - dLon) * lonScale[i];
      double y = p.lat() - lat[i];
      best = Math.min(best, x * x + y * y);
    }
    return best;
  }
}
