package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.checking.history.track.DroneTrack;
import dev.dronedispatch.checking.history.track.TelemetrySample;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A drone is in one place at a time: two consecutive records of it are no further apart than it can
 * fly between their timestamps (speed × acceleration × Δt), with slack for one tick of flight (a
 * record's time and position are sampled once per tick) plus the position tolerance. Two publishers
 * of one drone id, or a position jump, break it. One finding per drone, naming the worst pair.
 */
public record OneDroneOnePlace(PhysicsTolerances tolerances) implements DroneCheck {

  @Override
  public String name() {
    return "one drone in one place";
  }

  @Override
  public Outcome judge(DroneTrack track) {
    List<TelemetrySample> samples = track.samples();
    int jumps = 0;
    double worstExcessKm = 0;
    String worst = null;
    for (int i = 1; i < samples.size(); i++) {
      TelemetrySample a = samples.get(i - 1);
      TelemetrySample b = samples.get(i);
      double seconds = Duration.between(a.ts(), b.ts()).toNanos() / 1e9;
      double speedKmh = Math.max(a.speedKmh(), b.speedKmh());
      double apartKm = a.pos().distanceKmTo(b.pos());
      double reachKm =
          tolerances.flightKm(speedKmh, seconds)
              + tolerances.flightPerTickKm(speedKmh)
              + tolerances.positionToleranceKm();
      if (apartKm > reachKm) {
        jumps++;
        if (apartKm - reachKm > worstExcessKm) {
          worstExcessKm = apartKm - reachKm;
          worst =
              String.format(
                  Locale.ROOT,
                  "%.3f km apart at %s and %s (%.3f s): it can fly at most %.3f km",
                  apartKm,
                  a.ts(),
                  b.ts(),
                  seconds,
                  reachKm);
        }
      }
    }
    if (jumps == 0) {
      return Outcome.PASSED;
    }
    return new Outcome.Violated(
        new Violation(
            Violation.Kind.DRONE_IN_TWO_PLACES,
            null,
            track.droneId(),
            worst + " (" + jumps + " such pairs)"));
  }
}
