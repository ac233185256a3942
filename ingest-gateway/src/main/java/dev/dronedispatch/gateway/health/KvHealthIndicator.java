package dev.dronedispatch.gateway.health;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.model.kv.KvKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The KV store answers a read of {@code zones_config} within 2 s, and the gateway's KV circuit
 * breaker is not open (while it is, every KV call fails at once, so the KV is not even asked). Part
 * of readiness; the breaker's state is a detail either way.
 */
public final class KvHealthIndicator implements ReactiveHealthIndicator {

  private final KvClient kv;
  private final CircuitBreaker breaker;

  public KvHealthIndicator(KvClient kv, CircuitBreaker breaker) {
    this.kv = kv;
    this.breaker = breaker;
  }

  @Override
  public Mono<Health> health() {
    CircuitBreaker.State state = breaker.getState();
    if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
      return Mono.just(Health.down().withDetail("circuit", state.name()).build());
    }
    return kv.get(KvKeys.ZONES_CONFIG)
        .timeout(Duration.ofSeconds(2))
        .map(
            found ->
                Health.up()
                    .withDetail("zones_config", found.isPresent())
                    .withDetail("circuit", breaker.getState().name())
                    .build())
        .onErrorResume(
            e ->
                Mono.just(
                    Health.down()
                        .withDetail("error", e.toString())
                        .withDetail("circuit", breaker.getState().name())
                        .build()));
  }
}
