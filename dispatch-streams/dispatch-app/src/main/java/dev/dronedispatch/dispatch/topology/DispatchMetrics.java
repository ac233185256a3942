package dev.dronedispatch.dispatch.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The dispatcher's own meters (Kafka Streams' meters are bound separately). */
public final class DispatchMetrics {

  private final MeterRegistry registry;
  private final Timer pick;
  private final Timer commit;
  private final Counter assigned;
  private final Counter delivered;

  public DispatchMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pick = Timer.builder("dispatch.pick").description("one drone pick").register(registry);
    this.commit =
        Timer.builder("dispatch.commit").description("one KV assignment commit").register(registry);
    this.assigned = Counter.builder("dispatch.assigned").register(registry);
    this.delivered = Counter.builder("dispatch.delivered").register(registry);
  }

  public void pick(Duration d) {
    pick.record(d);
  }

  public void commit(Duration d, String result) {
    commit.record(d);
    registry.counter("dispatch.commit.results", "result", result).increment();
  }

  public void assigned() {
    assigned.increment();
  }

  public void delivered() {
    delivered.increment();
  }

  public void transition(String reason) {
    registry.counter("dispatch.fleet.transitions", "reason", reason).increment();
  }

  /** A drone left to an older delivery of another task (see {@code OlderClaims}). */
  public void yieldedToOlder(String weightClass) {
    registry.counter("dispatch.fairness.yielded", "class", weightClass).increment();
  }

  public void kvUnavailable(String where) {
    registry.counter("dispatch.kv.unavailable", "where", where).increment();
  }
}
