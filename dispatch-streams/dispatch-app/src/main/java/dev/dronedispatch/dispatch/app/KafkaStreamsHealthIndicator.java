package dev.dronedispatch.dispatch.app;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the topology runs or rebalances; DOWN when it is stopped or failed. */
public final class KafkaStreamsHealthIndicator implements HealthIndicator {

  private final StreamsRunner runner;

  public KafkaStreamsHealthIndicator(StreamsRunner runner) {
    this.runner = runner;
  }

  @Override
  public Health health() {
    return runner
        .streams()
        .map(
            s -> {
              KafkaStreams.State state = s.state();
              Health.Builder b =
                  state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED
                      ? Health.up()
                      : Health.down();
              return b.withDetail("state", state.name()).build();
            })
        .orElse(Health.down().withDetail("state", "NOT_STARTED").build());
  }
}
