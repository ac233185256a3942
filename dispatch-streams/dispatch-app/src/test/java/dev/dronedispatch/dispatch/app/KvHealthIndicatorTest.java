package dev.dronedispatch.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.testkit.ForwardingKvClient;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

class KvHealthIndicatorTest {

  @Test
  void upWhileTheKvAnswers() {
    Health h =
        new KvHealthIndicator(new InMemoryKvClient(), Duration.ofSeconds(1)).health().block();
    assertThat(h.getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void downWhenTheKvIsUnavailableOrDoesNotAnswerInTime() {
    ForwardingKvClient unavailable =
        new ForwardingKvClient(new InMemoryKvClient()) {
          @Override
          public Mono<Optional<KvEntry>> get(String key) {
            return Mono.error(new KvUnavailableException("no replica reachable"));
          }
        };
    ForwardingKvClient hanging =
        new ForwardingKvClient(new InMemoryKvClient()) {
          @Override
          public Mono<Optional<KvEntry>> get(String key) {
            return Mono.never();
          }
        };

    assertThat(new KvHealthIndicator(unavailable, Duration.ofSeconds(1)).health().block())
        .extracting(Health::getStatus)
        .isEqualTo(Status.DOWN);
    assertThat(new KvHealthIndicator(hanging, Duration.ofMillis(100)).health().block())
        .extracting(Health::getStatus)
        .isEqualTo(Status.DOWN);
  }
}
