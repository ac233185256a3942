package dev.dronedispatch.model.geo;

/** A WGS-84 position in decimal degrees. */
public record GeoPoint(double lat, double lon) {

  public GeoPoint {
    if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
      throw new IllegalArgumentException("lat must be within [-90, 90]: " + lat);
    }
    if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
      throw new IllegalArgumentException("lon must be within [-180, 180]: " + lon);
    }
  }

  public double distanceKmTo(GeoPoint other) {
    return Haversine.distanceKm(this, other);
  }

  /**
   * The point a fraction of the way to {@code target}, interpolated linearly in degree space as the
   * original simulator did (not along the great circle; the difference is negligible at city
   * scale).
   */
  public GeoPoint towards(GeoPoint target, double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    return new GeoPoint(lat + (target.lat - lat) * f, lon + (target.lon - lon) * f);
  }
}
