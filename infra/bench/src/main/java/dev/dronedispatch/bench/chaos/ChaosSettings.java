package dev.dronedispatch.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a chaos run is shaped: the load (orders a second for {@code load}), the fleet, the nemesis's
 * rhythm, and how long the system may take afterwards to end every acknowledged delivery; the
 * system's data and logs go to {@code data}.
 */
public record ChaosSettings(
    Path home,
    Path data,
    Duration load,
    double rate,
    int drones,
    double timeAcceleration,
    Duration faultGap,
    Duration downtime,
    Duration pause,
    Duration settle) {

  /** The dispatcher's default liveness limit: a drone silent this long is lost. */
  static final Duration DRONE_LOST_AFTER = Duration.ofSeconds(30);

  public ChaosSettings {
    if (load.isNegative() || load.isZero() || rate <= 0 || drones < 1 || timeAcceleration <= 0) {
      throw new IllegalArgumentException("a chaos run needs load, a rate, drones and time");
    }
  }
}
