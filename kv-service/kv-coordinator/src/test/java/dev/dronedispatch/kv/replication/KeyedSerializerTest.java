package dev.dronedispatch.kv.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class KeyedSerializerTest {

  @Test
  void operationsOnOneKeyNeverOverlapAndRunInArrivalOrder() {
    KeyedSerializer s = new KeyedSerializer();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    List<Mono<Integer>> ops = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      ops.add(
          s.run(
              "k",
              () ->
                  Mono.fromCallable(
                          () -> {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            order.add(n);
                            return n;
                          })
                      .delayElement(Duration.ofMillis(1), Schedulers.parallel())
                      .doOnNext(x -> inside.decrementAndGet())));
    }
    // subscribe in order, then wait for all
    Flux.fromIterable(ops)
        .flatMapSequential(m -> m, 64)
        .collectList()
        .block(Duration.ofSeconds(10));
    assertThat(maxInside.get()).isEqualTo(1);
    assertThat(order).hasSize(50);
    // the key is released in doFinally, which may run just after the caller saw the result
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (s.activeKeys() != 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(s.activeKeys()).isZero();
  }

  @Test
  void differentKeysRunConcurrently() {
    KeyedSerializer s = new KeyedSerializer();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    Flux.range(0, 8)
        .flatMap(
            i ->
                s.run(
                    "k" + i,
                    () ->
                        Mono.fromCallable(
                                () ->
                                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max))
                            .delayElement(Duration.ofMillis(50), Schedulers.parallel())
                            .doOnNext(x -> inside.decrementAndGet())))
        .blockLast(Duration.ofSeconds(10));
    assertThat(maxInside.get()).isGreaterThan(1);
  }

  @Test
  void aFailedOperationReleasesTheKey() {
    KeyedSerializer s = new KeyedSerializer();
    Mono<Integer> failing = s.run("k", () -> Mono.error(new IllegalStateException("boom")));
    assertThat(failing.onErrorReturn(-1).block()).isEqualTo(-1);
    assertThat(s.run("k", () -> Mono.just(2)).block(Duration.ofSeconds(2))).isEqualTo(2);
  }
}
