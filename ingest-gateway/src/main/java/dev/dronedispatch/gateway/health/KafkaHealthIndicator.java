package dev.dronedispatch.gateway.health;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The Kafka cluster describes itself within 2 s. Part of readiness. */
public final class KafkaHealthIndicator implements ReactiveHealthIndicator {

  private final Admin admin;

  public KafkaHealthIndicator(Admin admin) {
    this.admin = admin;
  }

  @Override
  public Mono<Health> health() {
    return Mono.fromCompletionStage(
            () ->
                admin
                    .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .nodes()
                    .toCompletionStage())
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(Duration.ofSeconds(3))
        .map(nodes -> Health.up().withDetail("brokers", nodes.size()).build())
        .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.toString()).build()));
  }
}
