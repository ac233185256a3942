package dev.dronedispatch.dispatch.app;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;

/**
 * Readiness ({@code /actuator/health/readiness}) that also waits for the topology: refusing traffic
 * until its start has gone through and while it is not running (rebalancing counts as running:
 * tasks move, they do not stop), so its interactive queries are not asked while the start is still
 * being retried.
 */
public final class StreamsReadiness extends ReadinessStateHealthIndicator {

  private final StreamsRunner runner;

  public StreamsReadiness(ApplicationAvailability availability, StreamsRunner runner) {
    super(availability);
    this.runner = runner;
  }

  @Override
  protected AvailabilityState getState(ApplicationAvailability availability) {
    boolean running =
        runner.started()
            && runner.streams().map(s -> s.state().isRunningOrRebalancing()).orElse(false);
    return running ? super.getState(availability) : ReadinessState.REFUSING_TRAFFIC;
  }
}
