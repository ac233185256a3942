package dev.dronedispatch.kv.digest;

import java.util.Arrays;

/**
 * The ring cut into arcs by its points (sorted, unsigned): segment {@code i} holds the tokens after
 * point {@code i - 1} up to and including point {@code i}, and segment 0 also the tokens after the
 * last point (the ring wraps). Every key of a segment has the same preference list, so the segment
 * is the unit anti-entropy compares between replicas.
 */
public final class RingSegments {

  private final long[] points;

  /** {@code points} in unsigned ascending order, at least one. */
  public RingSegments(long[] points) {
    if (points.length == 0) {
      throw new IllegalArgumentException("a ring has at least one point");
    }
    for (int i = 1; i < points.length; i++) {
      if (Long.compareUnsigned(points[i - 1], points[i]) > 0) {
        throw new IllegalArgumentException("ring points must be sorted (unsigned)");
      }
    }
    this.points = points.clone();
  }

  public int count() {
    return points.length;
  }

  public long[] points() {
    return points.clone();
  }

  /** The segment {@code token} falls in: the first point at or after it, wrapping to 0. */
  public int indexOf(long token) {
    int lo = 0;
    int hi = points.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(points[mid], token) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == points.length ? 0 : lo;
  }

  public int segmentOf(String key) {
    return indexOf(KeyToken.of(key));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RingSegments r && Arrays.equals(points, r.points);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(points);
  }
}
