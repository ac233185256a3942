package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.hints.Hint;
import dev.dronedispatch.kv.hints.HintStore;
import dev.dronedispatch.kv.replication.NodeClient.NodeFailure;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.ring.WritePlan;
import dev.dronedispatch.kv.storage.StoredRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The copy step of the pipeline: send a record the primary decided to the key's other replicas in
 * parallel; a replica that is down or fails is replaced by the next healthy node on the ring, which
 * gets the copy and a durable hint for it naming that stand-in (sloppy quorum). Answers once every
 * copy is on disk.
 */
public final class Replicator {

  private static final Logger log = LoggerFactory.getLogger(Replicator.class);

  private final NodeHealth health;
  private final NodeClient nodes;
  private final HintStore hints;
  private final Counter hintsStored;
  private final Counter hintsDropped;

  public Replicator(NodeHealth health, NodeClient nodes, HintStore hints, MeterRegistry registry) {
    this.health = health;
    this.nodes = nodes;
    this.hints = hints;
    this.hintsStored = Counter.builder("kv.hints.stored").register(registry);
    this.hintsDropped =
        Counter.builder("kv.hints.dropped").tag("reason", "full").register(registry);
  }

  /**
   * Sends {@code record} to {@code plan}'s targets except {@code heldBy} (the primary that decided
   * it and holds it), standing in for down replicas with hinted copies on the next healthy nodes.
   * Unless {@code mayDegrade}, fewer copies on disk than the plan's replicas is a failure: "outcome
   * unknown" (the copies that landed stay, with hints for the rest), as is a copy refused by a node
   * with a newer membership (the decision stands at the primary; the copies follow by
   * anti-entropy).
   */
  public Mono<Written> replicate(
      WritePlan plan, String key, StoredRecord record, NodeRef heldBy, boolean mayDegrade) {
    List<WritePlan.Target> targets = plan.targets();
    int rf = plan.preferenceList().size();
    List<NodeRef> missed = Collections.synchronizedList(new ArrayList<>());
    return Flux.fromIterable(targets)
        .filter(t -> !t.node().equals(heldBy))
        .flatMap(t -> writeCopy(plan, key, record, t.node(), t.hintFor(), missed))
        .collectList()
        .flatMap(
            stored -> {
              int written = stored.size() + 1;
              StoredRecord best = record;
              for (StoredRecord s : stored) {
                best = s.version() > best.version() ? s : best;
              }
              StoredRecord result = best;
              Mono<Void> hinted =
                  missed.isEmpty()
                      ? Mono.empty()
                      : onDisk(
                          () -> {
                            for (NodeRef m : missed) {
                              hint(new Hint(m.id(), key, result, Set.of()));
                            }
                          });
              if (!mayDegrade && written < rf) {
                return hinted.then(
                    Mono.error(
                        new KvUnavailableException(
                            written
                                + " of "
                                + rf
                                + " copies on disk; the outcome is unknown (read the key again)")));
              }
              return hinted.thenReturn(new Written(written, rf, result, written < rf));
            })
        .onErrorMap(
            StaleMembership.class,
            e ->
                new KvUnavailableException(
                    "the membership changed while the copies were written; the outcome is unknown"
                        + " (read the key again)"));
  }

  /**
   * One copy: to {@code node}, or to the plan's next stand-in when it fails. Empty if none took it.
   */
  private Mono<StoredRecord> writeCopy(
      WritePlan plan,
      String key,
      StoredRecord record,
      NodeRef node,
      Optional<NodeRef> hintFor,
      List<NodeRef> missed) {
    return nodes
        .apply(node, key, record)
        .flatMap(
            stored ->
                hintFor.isEmpty()
                    ? Mono.just(stored)
                    : onDisk(
                            () ->
                                hint(new Hint(hintFor.get().id(), key, stored, Set.of(node.id()))))
                        .thenReturn(stored))
        .onErrorResume(
            NodeFailure.class,
            f -> {
              health.markDown(node);
              NodeRef intended = hintFor.orElse(node);
              Optional<NodeRef> standIn = plan.nextStandIn();
              if (standIn.isEmpty()) {
                missed.add(intended);
                return Mono.empty();
              }
              return writeCopy(plan, key, record, standIn.get(), Optional.of(intended), missed);
            });
  }

  /** Hint writes fsync: they run off the event loop, before the write is acknowledged. */
  private static Mono<Void> onDisk(Runnable action) {
    return Mono.fromRunnable(action)
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
        .then();
  }

  private void hint(Hint hint) {
    HintStore.AddResult r = hints.add(hint);
    if (r == HintStore.AddResult.DROPPED_FULL) {
      hintsDropped.increment();
      log.warn("hint store full, hint dropped node={} key={}", hint.nodeId(), hint.key());
    } else {
      hintsStored.increment();
    }
  }
}
