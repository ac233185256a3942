package dev.dronedispatch.launcher;

import java.time.Duration;
import org.apache.kafka.common.utils.ExponentialBackoff;

/**
 * What the launcher does when a service exits on its own: nothing ({@link #never()}, run.sh
 * --no-restart, and the tests that kill and restart services themselves), or start it again after a
 * delay that doubles with each quick failure up to a cap. A run that lasted {@code stableAfter}
 * counts as recovered, so the next failure waits the initial delay again.
 */
public record RestartPolicy(
    boolean enabled, Duration initialDelay, Duration maxDelay, Duration stableAfter) {

  public static RestartPolicy never() {
    return new RestartPolicy(false, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** 1 s, doubling to 30 s; a minute of uptime resets it. */
  public static RestartPolicy withBackoff() {
    return new RestartPolicy(
        true, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));
  }

  /**
   * The number of the restart attempt due after a process that ran for {@code uptime} exited,
   * {@code previous} being the attempt that started it (0 for the first start).
   */
  public int attemptAfter(int previous, Duration uptime) {
    return uptime.compareTo(stableAfter) >= 0 ? 1 : previous + 1;
  }

  /** How long to wait before restart attempt {@code attempt} (from 1). */
  public Duration delayBefore(int attempt) {
    ExponentialBackoff backoff =
        new ExponentialBackoff(initialDelay.toMillis(), 2, maxDelay.toMillis(), 0);
    return Duration.ofMillis(backoff.backoff(attempt - 1L));
  }
}
