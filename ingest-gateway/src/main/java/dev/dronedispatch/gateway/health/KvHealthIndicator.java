package dev.dronedispatch.gateway.health;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** The KV store answers a read of {@code zones_config} within 2 s. Part of readiness. */
public final class KvHealthIndicator implements ReactiveHealthIndicator {

  private final KvClient kv;

  public KvHealthIndicator(KvClient kv) {
    this.kv = kv;
  }

  @Override
  public Mono<Health> health() {
    return kv.get(KvKeys.ZONES_CONFIG)
        .timeout(Duration.ofSeconds(2))
        .map(found -> Health.up().withDetail("zones_config", found.isPresent()).build())
        .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.toString()).build()));
  }
}
