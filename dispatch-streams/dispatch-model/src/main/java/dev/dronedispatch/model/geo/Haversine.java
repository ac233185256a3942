package dev.dronedispatch.model.geo;

/** Great-circle distance on a sphere of the original's radius. */
public final class Haversine {

  public static final double EARTH_RADIUS_KM = 6371.0;

  private Haversine() {}

  public static double distanceKm(GeoPoint a, GeoPoint b) {
    double phi1 = Math.toRadians(a.lat());
    double phi2 = Math.toRadians(b.lat());
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(b.lon() - a.lon());
    double h =
        Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
            + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
