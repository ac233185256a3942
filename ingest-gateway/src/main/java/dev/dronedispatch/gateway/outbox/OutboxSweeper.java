package dev.dronedispatch.gateway.outbox;

import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.idempotency.Claim;
import dev.dronedispatch.gateway.idempotency.IdempotencyRecord;
import dev.dronedispatch.gateway.idempotency.IdempotencyStore;
import dev.dronedispatch.gateway.kafka.DeliveryPublisher;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.kv.KvKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.NullNode;

/**
 * Publishes deliveries that were stored but whose request event was never acknowledged (Kafka down
 * at POST time, or the gateway died between the two). One gateway at a time sweeps, holding the KV
 * lock {@value #LOCK}; entries younger than the grace period belong to a request still running. It
 * finishes what the creation left ({@link OutboxPlan}): publishes a pending delivery, completes the
 * Idempotency-Key binding the creation claimed, and discards a creation that lost its key to
 * another request. Re-publication may duplicate an event; the dispatcher tolerates duplicates. An
 * entry that names no creation it can finish is left in place and recorded ({@link
 * SkippedDocuments}); the pass goes on with the others, up to {@value #BATCH} entries finished.
 */
public final class OutboxSweeper {

  public static final String LOCK = "gateway:outbox-sweeper";
  private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);
  private static final int BATCH = 200;

  /** What the pass did with one entry. */
  private enum Swept {
    PUBLISHED,
    FINISHED,
    SKIPPED
  }

  private final KvDocuments docs;
  private final IdempotencyStore idempotency;
  private final DeliveryPublisher publisher;
  private final Clock clock;
  private final Duration grace;
  private final String owner;
  private final MeterRegistry metrics;
  private final SkippedDocuments skipped;

  public OutboxSweeper(
      KvDocuments docs,
      IdempotencyStore idempotency,
      DeliveryPublisher publisher,
      Clock clock,
      Duration grace,
      String owner,
      MeterRegistry metrics,
      SkippedDocuments skipped) {
    this.docs = docs;
    this.idempotency = idempotency;
    this.publisher = publisher;
    this.clock = clock;
    this.grace = grace;
    this.owner = owner;
    this.metrics = metrics;
    this.skipped = skipped;
  }

  /** One pass; answers how many deliveries it published (0 when another gateway holds the lock). */
  public Mono<Integer> sweepOnce() {
    return docs.client()
        .acquireLock(LOCK, owner, grace.plusSeconds(30))
        .flatMap(
            result -> {
              if (!(result instanceof LockResult.Acquired acquired)) {
                return Mono.just(0);
              }
              LockLease lease = acquired.lease();
              return sweep()
                  .flatMap(n -> docs.client().releaseLock(lease).thenReturn(n))
                  .onErrorResume(
                      e ->
                          docs.client()
                              .releaseLock(lease)
                              .onErrorReturn(false)
                              .then(Mono.error(e)));
            });
  }

  /**
   * The entries older than the grace period, oldest first, page after page: skipped entries stay,
   * so a pass reads past them instead of stopping at the first page.
   */
  private Mono<Integer> sweep() {
    Instant cutoff = clock.instant().minus(grace);
    return pages(ScanQuery.prefix(OutboxKeys.PREFIX, BATCH))
        .takeWhile(
            e -> OutboxKeys.parse(e.key()).map(p -> p.createdAt().isBefore(cutoff)).orElse(true))
        .concatMap(this::handle)
        .filter(s -> s != Swept.SKIPPED)
        .take(BATCH)
        .filter(s -> s == Swept.PUBLISHED)
        .count()
        .map(Long::intValue);
  }

  private Flux<KvEntry> pages(ScanQuery query) {
    return docs.client()
        .scan(query)
        .flatMapMany(
            entries -> {
              Flux<KvEntry> here = Flux.fromIterable(entries);
              if (entries.size() < query.limit()) {
                return here;
              }
              return here.concatWith(
                  Flux.defer(() -> pages(query.after(entries.get(entries.size() - 1).key()))));
            });
  }

  private Mono<Swept> handle(KvEntry entry) {
    Optional<OutboxPlan.Target> target = skipped.valid(OutboxPlan.target(entry, docs));
    if (target.isEmpty()) {
      return Mono.just(Swept.SKIPPED);
    }
    OutboxPlan.Target t = target.get();
    return docs.client()
        .getAll(t.reads())
        .flatMap(found -> act(t, OutboxPlan.plan(t, found, docs)));
  }

  private Mono<Swept> act(OutboxPlan.Target t, OutboxPlan plan) {
    String id = t.parsed().deliveryId();
    if (plan instanceof OutboxPlan.Skip skip) {
      skipped.record(skip.why());
      return Mono.just(Swept.SKIPPED);
    }
    if (plan instanceof OutboxPlan.NeverStored) {
      log.info("outbox: delivery id={} was never stored; dropping its entries", id);
      return docs.client()
          .batch(
              List.of(
                  tombstone(t.entry()),
                  KvOp.delete(KvKeys.deliveryByTime(t.parsed().createdAt(), id))))
          .thenReturn(Swept.FINISHED);
    }
    if (plan instanceof OutboxPlan.LostKey lost) {
      log.info("outbox: delivery id={} lost its Idempotency-Key; dropping it", id);
      return discard(t.entry(), lost.document(), t.parsed()).thenReturn(Swept.FINISHED);
    }
    OutboxPlan.Finish finish = (OutboxPlan.Finish) plan;
    Mono<Swept> published =
        finish.delivery().status() != DeliveryStatus.PENDING
            // the dispatcher already saw it
            ? Mono.just(Swept.FINISHED)
            : publisher
                .publish(finish.delivery().toRequest())
                .then(
                    Mono.fromCallable(
                        () -> {
                          metrics.counter("gateway.outbox.republished").increment();
                          log.info("outbox: published delivery id={} late", id);
                          return Swept.PUBLISHED;
                        }));
    return published.flatMap(s -> finish(t.entry(), finish.binding()).thenReturn(s));
  }

  /** Removes the entry and completes the key's binding if its creation left it in flight. */
  private Mono<Void> finish(KvEntry entry, Optional<Claim.Binding> binding) {
    List<KvOp> ops = new ArrayList<>(2);
    ops.add(tombstone(entry));
    binding
        .filter(b -> b.record().value().state() == IdempotencyRecord.State.IN_FLIGHT)
        .map(idempotency::completion)
        .ifPresent(ops::add);
    return docs.client().batch(ops).then();
  }

  /** Removes a creation that lost its key: its document, index entry and outbox entry. */
  private Mono<Void> discard(KvEntry entry, KvEntry document, OutboxKeys.Entry parsed) {
    return docs.client()
        .batch(
            List.of(
                KvOp.casAtVersion(document.key(), document.version(), NullNode.getInstance()),
                KvOp.delete(KvKeys.deliveryByTime(parsed.createdAt(), parsed.deliveryId())),
                tombstone(entry)))
        .then();
  }

  /** Removes the entry only if unchanged since it was read (CAS to a tombstone). */
  private static KvOp tombstone(KvEntry entry) {
    return KvOp.casAtVersion(entry.key(), entry.version(), NullNode.getInstance());
  }
}
