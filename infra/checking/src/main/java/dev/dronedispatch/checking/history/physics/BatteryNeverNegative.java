package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.checking.history.track.DroneTrack;
import dev.dronedispatch.checking.history.track.TelemetrySample;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * No telemetry record reports a battery below zero: a drone stops where its battery runs out and
 * keeps reporting 0 %. One finding per drone, naming its lowest record.
 */
public record BatteryNeverNegative() implements DroneCheck {

  @Override
  public String name() {
    return "battery never below zero";
  }

  @Override
  public Outcome judge(DroneTrack track) {
    List<TelemetrySample> negative = track.samples().stream().filter(s -> s.battery() < 0).toList();
    if (negative.isEmpty()) {
      return Outcome.PASSED;
    }
    TelemetrySample lowest =
        negative.stream().min(Comparator.comparingDouble(TelemetrySample::battery)).orElseThrow();
    return new Outcome.Violated(
        new Violation(
            Violation.Kind.BATTERY_BELOW_ZERO,
            null,
            track.droneId(),
            String.format(
                Locale.ROOT,
                "battery %.2f %% at %s (%d of %d records below zero)",
                lowest.battery(),
                lowest.ts(),
                negative.size(),
                track.samples().size())));
  }
}
