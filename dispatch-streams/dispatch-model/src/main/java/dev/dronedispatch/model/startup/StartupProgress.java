package dev.dronedispatch.model.startup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.ExponentialBackoff;

/**
 * How far a start has come, for the health endpoint while the service is not up yet: the attempts
 * so far, the last transient failure, and the back-off before the next attempt (1 s doubling to 30
 * s, with 20 % jitter so restarted services do not retry in step).
 */
public final class StartupProgress {

  private static final ExponentialBackoff BACKOFF = new ExponentialBackoff(1_000, 2, 30_000, 0.2);

  private int failedAttempts;
  private String lastError = "";
  private boolean started;

  /** Records a failed attempt and answers how long to wait before the next one. */
  public synchronized Duration failed(Throwable error) {
    lastError = error.toString();
    return Duration.ofMillis(BACKOFF.backoff(failedAttempts++));
  }

  public synchronized void started() {
    started = true;
  }

  public synchronized boolean isStarted() {
    return started;
  }

  public synchronized int failedAttempts() {
    return failedAttempts;
  }

  /** What the health endpoint shows while starting. */
  public synchronized Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("phase", started ? "running" : "starting");
    details.put("failed_start_attempts", failedAttempts);
    details.put("last_start_error", lastError);
    return details;
  }
}
