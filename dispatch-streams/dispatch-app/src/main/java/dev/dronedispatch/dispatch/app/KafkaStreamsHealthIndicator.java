package dev.dronedispatch.dispatch.app;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the topology runs or rebalances, and while it is still starting (waiting for the broker,
 * retried with back-off: the process is sound); DOWN when it is stopped or failed. The start's
 * attempts and last failure are in the details. Readiness waits for more: {@link StreamsReadiness}.
 */
public final class KafkaStreamsHealthIndicator implements HealthIndicator {

  private final StreamsRunner runner;

  public KafkaStreamsHealthIndicator(StreamsRunner runner) {
    this.runner = runner;
  }

  @Override
  public Health health() {
    Health.Builder b =
        runner
            .streams()
            .map(
                s -> {
                  KafkaStreams.State state = s.state();
                  boolean up = !runner.started() || state.isRunningOrRebalancing();
                  return (up ? Health.up() : Health.down()).withDetail("state", state.name());
                })
            .orElse(Health.down().withDetail("state", "NOT_STARTED"));
    return b.withDetails(runner.startupDetails()).build();
  }
}
