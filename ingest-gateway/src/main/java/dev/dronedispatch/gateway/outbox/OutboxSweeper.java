package dev.dronedispatch.gateway.outbox;

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
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
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
 * finishes what the creation left: publishes a pending delivery, completes the Idempotency-Key
 * binding the creation claimed, and discards a creation that lost its key to another request.
 * Re-publication may duplicate an event; the dispatcher tolerates duplicates.
 */
public final class OutboxSweeper {

  public static final String LOCK = "gateway:outbox-sweeper";
  private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);
  private static final int BATCH = 200;

  private final KvDocuments docs;
  private final IdempotencyStore idempotency;
  private final DeliveryPublisher publisher;
  private final Clock clock;
  private final Duration grace;
  private final String owner;
  private final MeterRegistry metrics;

  public OutboxSweeper(
      KvDocuments docs,
      IdempotencyStore idempotency,
      DeliveryPublisher publisher,
      Clock clock,
      Duration grace,
      String owner,
      MeterRegistry metrics) {
    this.docs = docs;
    this.idempotency = idempotency;
    this.publisher = publisher;
    this.clock = clock;
    this.grace = grace;
    this.owner = owner;
    this.metrics = metrics;
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

  private Mono<Integer> sweep() {
    Instant cutoff = clock.instant().minus(grace);
    return docs.client()
        .scan(ScanQuery.prefix(OutboxKeys.PREFIX, BATCH))
        .flatMapMany(Flux::fromIterable)
        .takeWhile(
            e -> OutboxKeys.parse(e.key()).map(p -> p.createdAt().isBefore(cutoff)).orElse(true))
        .concatMap(this::handle)
        .reduce(0, Integer::sum);
  }

  private Mono<Integer> handle(KvEntry entry) {
    Optional<OutboxKeys.Entry> parsed = OutboxKeys.parse(entry.key());
    if (parsed.isEmpty()) {
      return docs.client().batch(List.of(tombstone(entry))).thenReturn(0);
    }
    String id = parsed.get().deliveryId();
    Optional<String> bindingKey =
        decodeOrEmpty(entry).flatMap(OutboxEntry::claimedKey).map(KvKeys::idempotency);
    List<String> keys = new ArrayList<>(2);
    keys.add(KvKeys.delivery(id));
    bindingKey.ifPresent(keys::add);
    return docs.client()
        .getAll(keys)
        .flatMap(
            found -> {
              KvEntry document = found.get(KvKeys.delivery(id));
              if (document == null) {
                // the creation's document write failed: nothing to publish
                log.info("outbox: delivery id={} was never stored; dropping its entries", id);
                return docs.client()
                    .batch(
                        List.of(
                            tombstone(entry),
                            KvOp.delete(KvKeys.deliveryByTime(parsed.get().createdAt(), id))))
                    .thenReturn(0);
              }
              Optional<Versioned<IdempotencyRecord>> binding =
                  bindingKey
                      .map(found::get)
                      .map(e -> docs.decodeVersioned(e, IdempotencyRecord.class));
              if (bindingKey.isPresent()
                  && !binding.map(b -> b.value().deliveryId().equals(id)).orElse(false)) {
                // its creation lost the key to another request and died before undoing its writes
                log.info("outbox: delivery id={} lost its Idempotency-Key; dropping it", id);
                return discard(entry, document, parsed.get()).thenReturn(0);
              }
              DeliveryDocument d = docs.decode(document, DeliveryDocument.class);
              Mono<Integer> published =
                  d.status() != DeliveryStatus.PENDING
                      // the dispatcher already saw it
                      ? Mono.just(0)
                      : publisher
                          .publish(d.toRequest())
                          .then(
                              Mono.fromCallable(
                                  () -> {
                                    metrics.counter("gateway.outbox.republished").increment();
                                    log.info("outbox: published delivery id={} late", id);
                                    return 1;
                                  }));
              return published.flatMap(
                  n ->
                      finish(entry, bindingKey.flatMap(k -> binding.map(b -> bound(k, b))))
                          .thenReturn(n));
            });
  }

  private static Claim.Binding bound(String kvKey, Versioned<IdempotencyRecord> record) {
    return new Claim.Binding(kvKey, record, false);
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

  private Optional<OutboxEntry> decodeOrEmpty(KvEntry entry) {
    try {
      return Optional.of(docs.decode(entry, OutboxEntry.class));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Removes the entry only if unchanged since it was read (CAS to a tombstone). */
  private static KvOp tombstone(KvEntry entry) {
    return KvOp.casAtVersion(entry.key(), entry.version(), NullNode.getInstance());
  }
}
