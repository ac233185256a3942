package dev.dronedispatch.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a chaos run is shaped: the load (orders a second for {@code load}), the fleet, the nemesis's
 * rhythm, and how long the system may take afterwards to end every acknowledged delivery; the
 * system's data and logs go to {@code data}.
 *
 * <p>A killed service is waited for until it is ready again, and on a starved machine that takes
 * minutes, so a fixed load window would inject a number of faults that depends on the machine's
 * speed. The load therefore goes on past {@code load} until the nemesis has injected {@code
 * minimumFaults}, for at most half of {@code load} again.
 */
public record ChaosSettings(
    Path home,
    Path data,
    Duration load,
    int minimumFaults,
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
    if (minimumFaults < 0) {
      throw new IllegalArgumentException("minimumFaults must be >= 0, was " + minimumFaults);
    }
  }

  /** The longest the load may go on while the nemesis has not injected {@code minimumFaults}. */
  public Duration longestLoad() {
    return load.plus(load.dividedBy(2));
  }
}
