package dev.dronedispatch.gateway.admission;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Load shedding for new orders: at most CREATE_MAX_IN_FLIGHT creations run at once on this
 * instance, and one more is refused at once instead of waiting behind them. It bounds what a slow
 * KV or Kafka can pile up inside the gateway (each creation holds a KV request, a producer slot and
 * its client's connection until it answers), so a client learns within milliseconds to retry
 * instead of timing out. It does not bound the queue in front of the handler: a gateway short of
 * CPU queues requests in its event loops before they get here ({@code docs/benchmarks.md},
 * "Ingest"). A creation holds its place until it answers, fails or its client goes away. 0 = no
 * bound.
 */
public final class CreationLimit {

  private final int maxInFlight;
  private final Bulkhead bulkhead;
  private final Counter shed;

  private CreationLimit(int maxInFlight, Bulkhead bulkhead, Counter shed) {
    this.maxInFlight = maxInFlight;
    this.bulkhead = bulkhead;
    this.shed = shed;
  }

  /**
   * A limit of {@code maxInFlight} concurrent creations (0 = none), with its meters: {@code
   * resilience4j_bulkhead_*{name="creations"}} and {@code gateway_create_shed_total}.
   */
  public static CreationLimit of(int maxInFlight, MeterRegistry metrics) {
    if (maxInFlight < 0) {
      throw new IllegalArgumentException("CREATE_MAX_IN_FLIGHT must be 0 (no bound) or positive");
    }
    Counter shed =
        Counter.builder("gateway.create.shed")
            .description("new orders refused because this instance ran its most creations")
            .register(metrics);
    if (maxInFlight == 0) {
      return new CreationLimit(0, null, shed);
    }
    BulkheadRegistry registry =
        BulkheadRegistry.of(
            BulkheadConfig.custom()
                .maxConcurrentCalls(maxInFlight)
                .maxWaitDuration(Duration.ZERO)
                .build());
    TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(metrics);
    return new CreationLimit(maxInFlight, registry.bulkhead("creations"), shed);
  }

  /** The bound; 0 when there is none. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Runs {@code creation} if a place is free, holding it until the creation ends or is cancelled;
   * otherwise answers {@code refused} without subscribing to it (nothing is done).
   */
  public <T> Mono<T> run(Mono<T> creation, Supplier<T> refused) {
    if (bulkhead == null) {
      return creation;
    }
    return creation
        .transformDeferred(BulkheadOperator.of(bulkhead))
        .onErrorResume(
            BulkheadFullException.class,
            full -> {
              shed.increment();
              return Mono.fromSupplier(refused);
            });
  }
}
