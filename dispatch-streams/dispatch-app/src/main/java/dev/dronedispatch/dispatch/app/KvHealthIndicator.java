package dev.dronedispatch.dispatch.app;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The KV service, the dispatcher's source of truth, answers a read within KV_TIMEOUT_MS. Not part
 * of readiness: the topology keeps its tasks while the KV is away (rounds are cut short and
 * retried), so health says DOWN to an operator and to monitoring without the instance being taken
 * out.
 */
public final class KvHealthIndicator implements ReactiveHealthIndicator {

  private final KvClient kv;
  private final Duration timeout;

  public KvHealthIndicator(KvClient kv, Duration timeout) {
    this.kv = kv;
    this.timeout = timeout;
  }

  @Override
  public Mono<Health> health() {
    return kv.get(KvKeys.ZONES_CONFIG)
        .timeout(timeout)
        .map(found -> Health.up().withDetail("zones_config", found.isPresent()).build())
        .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.toString()).build()));
  }
}
