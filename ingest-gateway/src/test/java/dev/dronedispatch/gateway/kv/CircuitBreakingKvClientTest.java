package dev.dronedispatch.gateway.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.client.ForwardingKvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CircuitBreakingKvClientTest {

  /** A KV whose reads answer what {@code answer} says, counting the calls that reach it. */
  private static final class ScriptedKv extends ForwardingKvClient {
    final AtomicInteger calls = new AtomicInteger();
    volatile Supplier<Mono<Optional<KvEntry>>> answer = () -> Mono.just(Optional.empty());

    ScriptedKv() {
      super(new InMemoryKvClient());
    }

    @Override
    public Mono<Optional<KvEntry>> get(String key) {
      calls.incrementAndGet();
      return answer.get();
    }
  }

  private final ScriptedKv kv = new ScriptedKv();
  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "kv",
          CircuitBreakerConfig.custom()
              .slidingWindowSize(10)
              .minimumNumberOfCalls(4)
              .failureRateThreshold(50)
              .waitDurationInOpenState(Duration.ofMinutes(1))
              .recordExceptions(KvUnavailableException.class)
              .build());
  private final CircuitBreakingKvClient client =
      new CircuitBreakingKvClient(kv, breaker, Duration.ofMillis(200));

  @Test
  void onceTheKvHasFailedEnoughCallsTheNextOnesFailWithoutReachingIt() {
    kv.answer = () -> Mono.error(new KvUnavailableException("no replica reachable"));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> client.get("k").block())
          .isInstanceOf(KvUnavailableException.class)
          .hasMessage("no replica reachable");
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> client.get("k").block())
          .isInstanceOf(KvUnavailableException.class)
          .hasCauseInstanceOf(CallNotPermittedException.class)
          .hasMessageContaining("circuit OPEN");
    }
    assertThat(kv.calls).hasValue(4);
  }

  @Test
  void aHangingKvIsGivenUpAfterTheCallTimeoutAndCountsAsUnavailable() {
    kv.answer = Mono::never;

    assertThatThrownBy(() -> client.get("k").block(Duration.ofSeconds(10)))
        .isInstanceOf(KvUnavailableException.class)
        .hasMessage("the KV did not answer within 200 ms");
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
  }

  @Test
  void requestsTheKvRefusedAsInvalidDoNotOpenTheBreaker() {
    kv.answer = () -> Mono.error(new IllegalArgumentException("KV refused the request (400)"));
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> client.get("k").block())
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(kv.calls).hasValue(10);
  }

  @Test
  void nothingIsCalledBeforeSubscription() {
    Mono<Optional<KvEntry>> pending = client.get("k");
    assertThat(kv.calls).hasValue(0);
    assertThat(pending.block()).isEmpty();
    assertThat(kv.calls).hasValue(1);
  }
}
