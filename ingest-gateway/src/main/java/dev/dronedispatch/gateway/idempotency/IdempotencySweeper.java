package dev.dronedispatch.gateway.idempotency;

import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Clock;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.NullNode;

/**
 * Deletes expired {@code idem:*} bindings so keys do not live forever (the KV has no TTL of its
 * own). An expired binding is already ignored by {@link IdempotencyDecision}; deleting is a CAS on
 * the version read, so a binding renewed meanwhile survives. A document that is not a binding
 * ({@link IdempotencyDefect}) is skipped and recorded, never deleted: it has no expiry to go by.
 */
public final class IdempotencySweeper {

  private static final int PAGE = 500;

  private final KvDocuments docs;
  private final Clock clock;
  private final SkippedDocuments skipped;

  public IdempotencySweeper(KvDocuments docs, Clock clock, SkippedDocuments skipped) {
    this.docs = docs;
    this.clock = clock;
    this.skipped = skipped;
  }

  /** One pass over every binding; answers how many expired ones it deleted. */
  public Mono<Integer> sweepOnce() {
    Instant now = clock.instant();
    return pages(ScanQuery.prefix(KvKeys.IDEMPOTENCY_PREFIX, PAGE))
        .filter(e -> expired(e, now))
        .concatMap(
            e ->
                docs.client()
                    .compareAndSet(
                        CasRequest.of(
                            e.key(), Expectation.version(e.version()), NullNode.getInstance()))
                    .map(r -> r.ok() ? 1 : 0))
        .reduce(0, Integer::sum);
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

  private boolean expired(KvEntry e, Instant now) {
    return skipped
        .valid(IdempotencyDefect.CHECK.check(e, docs))
        .map(r -> r.expiredAt(now))
        .orElse(false);
  }
}
