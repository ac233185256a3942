package dev.dronedispatch.checking.history.track;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One drone's telemetry in time order, answering "where was the drone at time t" by interpolating
 * between the records either side of t. The simulator flies straight lines at constant speed
 * between two ticks, so the interpolation is exact except across a turn or a stop.
 *
 * <p>The simulator reports a drone only when its record changed, and a parked one every heartbeat,
 * so two records can be seconds apart with nothing lost: their sequence numbers are consecutive.
 * Then the drone stood where the first one says until shortly before the second, and only the last
 * stretch (the longest gap still read as continuous) is interpolated. A longer gap with a jump in
 * the sequence means records were lost, and the position in it is unknown.
 */
public record DroneTrack(String droneId, List<TelemetrySample> samples) {

  public DroneTrack {
    List<TelemetrySample> byTime = new ArrayList<>(samples);
    // stable: records of one instant keep their topic order
    byTime.sort(Comparator.comparing(TelemetrySample::ts));
    samples = List.copyOf(byTime);
  }

  /**
   * The drone's position at {@code t}; unknown when there is no record at or before t, none at or
   * after it, or the two around it are more than {@code maxGap} apart and records were lost between
   * them.
   */
  public Whereabouts at(Instant t, Duration maxGap) {
    int after = firstAfter(t);
    if (after == 0) {
      return new Whereabouts.Unknown("no telemetry of " + droneId + " at or before " + t);
    }
    TelemetrySample before = samples.get(after - 1);
    if (before.ts().equals(t)) {
      return new Whereabouts.Located(before.pos(), before.speedKmh());
    }
    if (after == samples.size()) {
      return new Whereabouts.Unknown("no telemetry of " + droneId + " after " + t);
    }
    TelemetrySample next = samples.get(after);
    Duration gap = Duration.between(before.ts(), next.ts());
    if (gap.compareTo(maxGap) > 0) {
      if (next.seq() != before.seq() + 1) {
        return new Whereabouts.Unknown(
            "telemetry of " + droneId + " has a gap of " + gap.toMillis() + " ms around " + t);
      }
      Instant movedFrom = next.ts().minus(maxGap);
      if (!t.isAfter(movedFrom)) {
        return new Whereabouts.Located(before.pos(), before.speedKmh());
      }
      double fraction = (double) Duration.between(movedFrom, t).toNanos() / maxGap.toNanos();
      return new Whereabouts.Located(
          before.pos().towards(next.pos(), fraction), Math.max(before.speedKmh(), next.speedKmh()));
    }
    double fraction = (double) Duration.between(before.ts(), t).toNanos() / gap.toNanos();
    return new Whereabouts.Located(
        before.pos().towards(next.pos(), fraction), Math.max(before.speedKmh(), next.speedKmh()));
  }

  /** The index of the first sample stamped after {@code t}, or the size when there is none. */
  private int firstAfter(Instant t) {
    int low = 0;
    int high = samples.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (samples.get(mid).ts().isAfter(t)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }
}
