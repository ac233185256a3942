package dev.dronedispatch.gateway.outbox;

import dev.dronedispatch.gateway.kafka.DeliveryPublisher;
import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.NullNode;

/**
 * Publishes deliveries that were stored but whose request event was never acknowledged (Kafka down
 * at POST time, or the gateway died between the two). One gateway at a time sweeps, holding the KV
 * lock {@value #LOCK}; entries younger than the grace period belong to a request still running.
 * Re-publication may duplicate an event; the dispatcher tolerates duplicates.
 */
public final class OutboxSweeper {

  public static final String LOCK = "gateway:outbox-sweeper";
  private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);
  private static final int BATCH = 200;

  private final KvDocuments docs;
  private final DeliveryPublisher publisher;
  private final Clock clock;
  private final Duration grace;
  private final String owner;
  private final MeterRegistry metrics;

  public OutboxSweeper(
      KvDocuments docs,
      DeliveryPublisher publisher,
      Clock clock,
      Duration grace,
      String owner,
      MeterRegistry metrics) {
    this.docs = docs;
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
      return remove(entry).thenReturn(0);
    }
    String id = parsed.get().deliveryId();
    return docs.read(KvKeys.delivery(id), DeliveryDocument.class)
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                // the creation died before the document was stored: nothing to publish
                log.info("outbox: delivery id={} was never stored; dropping its entries", id);
                return remove(entry)
                    .then(
                        docs.client()
                            .delete(KvKeys.deliveryByTime(parsed.get().createdAt(), id))
                            .then())
                    .thenReturn(0);
              }
              DeliveryDocument d = found.map(Versioned::value).get();
              if (d.status() != DeliveryStatus.PENDING) {
                // the dispatcher already saw it
                return remove(entry).thenReturn(0);
              }
              return publisher
                  .publish(d.toRequest())
                  .then(remove(entry))
                  .then(
                      Mono.fromCallable(
                          () -> {
                            metrics.counter("gateway.outbox.republished").increment();
                            log.info("outbox: published delivery id={} late", id);
                            return 1;
                          }));
            });
  }

  /** Removes the entry only if unchanged since it was read (CAS to a tombstone). */
  private Mono<Void> remove(KvEntry entry) {
    return docs.client()
        .compareAndSet(
            CasRequest.of(
                entry.key(), Expectation.version(entry.version()), NullNode.getInstance()))
        .then();
  }
}
