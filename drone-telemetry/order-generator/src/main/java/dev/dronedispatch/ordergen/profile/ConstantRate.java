package dev.dronedispatch.ordergen.profile;

import java.util.OptionalLong;

/** Evenly spaced arrivals at {@code rate} per second, the first at time 0. */
public final class ConstantRate implements ArrivalSchedule {

  private final double intervalNanos;
  private long count;

  public ConstantRate(double ratePerSecond) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0: " + ratePerSecond);
    }
    this.intervalNanos = 1e9 / ratePerSecond;
  }

  @Override
  public OptionalLong next(long previousNanos) {
    return OptionalLong.of(Math.round(count++ * intervalNanos));
  }

  public long intervalNanos() {
    return Math.round(intervalNanos);
  }
}
