package dev.dronedispatch.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class CreationLimitTest {

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  @Test
  void beyondTheBoundACreationIsRefusedAtOnceAndNeverStarted() {
    CreationLimit limit = CreationLimit.of(2, metrics);
    Sinks.One<String> first = Sinks.one();
    Sinks.One<String> second = Sinks.one();
    limit.run(first.asMono(), () -> "refused").subscribe();
    limit.run(second.asMono(), () -> "refused").subscribe();
    AtomicInteger started = new AtomicInteger();

    String third =
        limit
            .run(Mono.fromSupplier(() -> "stored" + started.incrementAndGet()), () -> "refused")
            .block();

    assertThat(third).isEqualTo("refused");
    assertThat(started).hasValue(0);
    assertThat(metrics.counter("gateway.create.shed").count()).isEqualTo(1.0);
    assertThat(
            metrics
                .get("resilience4j.bulkhead.available.concurrent.calls")
                .tag("name", "creations")
                .gauge()
                .value())
        .isEqualTo(0.0);
  }

  @Test
  void aPlaceIsFreedWhenACreationEndsFailsOrItsClientGoesAway() {
    CreationLimit limit = CreationLimit.of(1, metrics);

    Sinks.One<String> answered = Sinks.one();
    limit.run(answered.asMono(), () -> "refused").subscribe();
    assertThat(limit.run(Mono.just("stored"), () -> "refused").block()).isEqualTo("refused");
    answered.tryEmitValue("stored");
    assertThat(limit.run(Mono.just("stored"), () -> "refused").block()).isEqualTo("stored");

    Sinks.One<String> failing = Sinks.one();
    limit.run(failing.asMono(), () -> "refused").subscribe(v -> {}, e -> {});
    failing.tryEmitError(new IllegalStateException("KV unavailable"));
    assertThat(limit.run(Mono.just("stored"), () -> "refused").block()).isEqualTo("stored");

    Disposable abandoned = limit.run(Mono.<String>never(), () -> "refused").subscribe();
    assertThat(limit.run(Mono.just("stored"), () -> "refused").block()).isEqualTo("refused");
    abandoned.dispose();
    assertThat(limit.run(Mono.just("stored"), () -> "refused").block()).isEqualTo("stored");
  }

  @Test
  void zeroMeansNoBound() {
    CreationLimit limit = CreationLimit.of(0, metrics);
    for (int i = 0; i < 100; i++) {
      limit.run(Mono.<String>never(), () -> "refused").subscribe();
    }

    assertThat(limit.run(Mono.just("stored"), () -> "refused").block()).isEqualTo("stored");
    assertThat(limit.maxInFlight()).isZero();
  }

  @Test
  void aNegativeBoundIsAConfigurationError() {
    assertThatThrownBy(() -> CreationLimit.of(-1, metrics))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CREATE_MAX_IN_FLIGHT");
  }
}
