package dev.dronedispatch.checking.history.physics;

import java.time.Duration;

/**
 * The simulator settings the physical checks judge by, and the slack they give the telemetry.
 *
 * <p>Telemetry is one record per drone per tick ({@code DRONE_TICK_SEC} of wall time), and each
 * tick advances simulated time by tick × {@code TIME_ACCELERATION}. A drone flies {@code speed_kmh}
 * of simulated time, so between two records it covers up to speed × acceleration × tick: 0.2 km for
 * a 72 km/h drone at 10× and 1 s ticks. The dispatcher stamps a pickup or a delivery shortly after
 * the record that showed the drone at the stop, and the drone may leave the stop on its next tick,
 * so its position at the event's time, interpolated between those two records, can be up to one
 * tick of flight from the stop. A stop therefore counts within {@link #stopToleranceKm}: {@code
 * positionToleranceKm} (the arrival radius ARRIVE_EPS_KM, 0.02 km, with room for rounding) plus one
 * tick of flight at the drone's own speed. An event stamped later than that is flagged: its time is
 * wrong by more than the telemetry can resolve.
 *
 * @param positionToleranceKm how far from a stop still counts as at the stop, before the tick of
 *     flight is added
 * @param tickSeconds wall seconds between two telemetry records of a drone ({@code DRONE_TICK_SEC})
 * @param timeAcceleration simulated seconds per wall second ({@code TIME_ACCELERATION})
 */
public record PhysicsTolerances(
    double positionToleranceKm, double tickSeconds, double timeAcceleration) {

  public static final double DEFAULT_POSITION_TOLERANCE_KM = 0.05;
  public static final double DEFAULT_TICK_SECONDS = 1.0;

  /** The launcher's and the simulator's default. */
  public static final double DEFAULT_TIME_ACCELERATION = 10.0;

  public PhysicsTolerances {
    if (!(positionToleranceKm >= 0)) {
      throw new IllegalArgumentException(
          "position tolerance must be >= 0 km: " + positionToleranceKm);
    }
    if (!(tickSeconds > 0)) {
      throw new IllegalArgumentException("telemetry tick must be > 0 s: " + tickSeconds);
    }
    if (!(timeAcceleration > 0)) {
      throw new IllegalArgumentException("time acceleration must be > 0: " + timeAcceleration);
    }
  }

  /** The default tolerances for a system running at {@code timeAcceleration}. */
  public static PhysicsTolerances defaults(double timeAcceleration) {
    return new PhysicsTolerances(
        DEFAULT_POSITION_TOLERANCE_KM, DEFAULT_TICK_SECONDS, timeAcceleration);
  }

  /** How far a drone at {@code speedKmh} flies in {@code wallSeconds} of wall time. */
  public double flightKm(double speedKmh, double wallSeconds) {
    return speedKmh * timeAcceleration * wallSeconds / 3600.0;
  }

  /** How many wall seconds a drone at {@code speedKmh} needs for {@code km}. */
  public double flightSeconds(double km, double speedKmh) {
    return km * 3600.0 / (speedKmh * timeAcceleration);
  }

  public double flightPerTickKm(double speedKmh) {
    return flightKm(speedKmh, tickSeconds);
  }

  /** How far from a stop a drone at {@code speedKmh} may be when the stop is recorded. */
  public double stopToleranceKm(double speedKmh) {
    return positionToleranceKm + flightPerTickKm(speedKmh);
  }

  /**
   * Records of a drone further apart than this leave its position between them unknown: one late or
   * lost record is tolerated, more is missing telemetry.
   */
  public Duration maxTelemetryGap() {
    return Duration.ofNanos(Math.round(2 * tickSeconds * 1e9));
  }
}
