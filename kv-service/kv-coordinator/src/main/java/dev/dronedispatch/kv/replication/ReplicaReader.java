package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.replication.NodeClient.NodeFailure;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.ring.WritePlan;
import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.StoredRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The read step of the pipeline: ask the replicas a write would use now, in parallel; answer the
 * newest (last-write-wins); repair, in the background, every replica that answered older or
 * nothing.
 */
public final class ReplicaReader {

  private static final Logger log = LoggerFactory.getLogger(ReplicaReader.class);

  private final NodeHealth health;
  private final NodeClient nodes;
  private final HybridLogicalClock clock;
  private final boolean readRepair;
  private final Counter repairs;

  public ReplicaReader(
      NodeHealth health,
      NodeClient nodes,
      HybridLogicalClock clock,
      boolean readRepair,
      MeterRegistry registry) {
    this.health = health;
    this.nodes = nodes;
    this.clock = clock;
    this.readRepair = readRepair;
    this.repairs = Counter.builder("kv.read.repairs").register(registry);
  }

  /**
   * The newest record of {@code key} among the nodes {@code plan} says its writes go to now
   * (tombstones included).
   */
  public Mono<Optional<StoredRecord>> read(String key, WritePlan plan) {
    List<NodeRef> set = plan.nodes();
    if (set.isEmpty()) {
      return Mono.error(new KvUnavailableException("No backends"));
    }
    return Flux.fromIterable(set)
        .flatMap(
            n ->
                nodes
                    .get(n, key)
                    .map(r -> Optional.of(new ReadResolution.Answer(n, r)))
                    .onErrorResume(NodeFailure.class, f -> health.markDown(f, Optional.empty())))
        .filter(Optional::isPresent)
        .map(Optional::get)
        .collectList()
        .flatMap(
            answers -> {
              if (answers.isEmpty()) {
                return Mono.error(new KvUnavailableException("No replica answered"));
              }
              ReadResolution.Resolved r = ReadResolution.resolve(answers);
              if (r.newest().isEmpty() && !ReadResolution.anyFrom(answers, plan.preferenceList())) {
                // only stand-ins answered: they hold what was written while the replicas were
                // down, so "nothing" from them does not mean the key is absent
                return Mono.error(
                    new KvUnavailableException("the key's replicas are down; absence unknown"));
              }
              r.newest().ifPresent(rec -> clock.observe(rec.ts()));
              if (readRepair && r.newest().isPresent() && !r.stale().isEmpty()) {
                repair(key, r.newest().get(), r.stale());
              }
              return Mono.just(r.newest());
            });
  }

  private void repair(String key, StoredRecord newest, List<NodeRef> stale) {
    for (NodeRef n : stale) {
      repairs.increment();
      nodes
          .apply(n, key, newest)
          .subscribe(
              ok -> {},
              e -> log.debug("read repair of key={} on {} failed: {}", key, n.id(), e.toString()));
    }
  }

  /** Live records of {@code keys}; absent and deleted keys are left out. */
  public Mono<List<KeyedRecord>> readAll(List<String> keys, Function<String, WritePlan> plans) {
    return Flux.fromIterable(keys)
        .flatMapSequential(
            k ->
                read(k, plans.apply(k))
                    .map(
                        r ->
                            r.filter(StoredRecord::live)
                                .map(rec -> List.of(new KeyedRecord(k, rec)))
                                .orElse(List.of())),
            32)
        .flatMapIterable(l -> l)
        .collectList();
  }
}
