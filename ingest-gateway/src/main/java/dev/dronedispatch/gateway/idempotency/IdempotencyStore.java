package dev.dronedispatch.gateway.idempotency;

import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Binds Idempotency-Keys to deliveries in the KV store ({@code idem:{key}}), by compare-and-set
 * only: two racing requests with one key see one winner; a take-over of an abandoned claim is a CAS
 * on the version read, so only one request takes it over. Expired bindings are replaced the same
 * way (and swept by {@link IdempotencySweeper}), and so are documents that are not bindings ({@link
 * IdempotencyDefect}, recorded): they bind the key to nothing, so the request is not refused for
 * them.
 */
public final class IdempotencyStore {

  private static final Duration POLL = Duration.ofMillis(50);

  private final KvDocuments docs;
  private final SkippedDocuments skipped;
  private final Clock clock;
  private final String owner;
  private final Duration ttl;
  private final Duration wait;
  private final Duration takeoverAfter;

  public IdempotencyStore(
      KvDocuments docs,
      SkippedDocuments skipped,
      Clock clock,
      String owner,
      Duration ttl,
      Duration wait,
      Duration takeoverAfter) {
    this.docs = docs;
    this.skipped = skipped;
    this.clock = clock;
    this.owner = owner;
    this.ttl = ttl;
    this.wait = wait;
    this.takeoverAfter = takeoverAfter;
  }

  /** A fresh delivery id and request instant (millisecond precision, the listing key's unit). */
  public Claim.Owned unkeyed() {
    return new Claim.Owned(UUID.randomUUID().toString(), now(), Optional.empty());
  }

  /** A claim of {@code key} for a new delivery, to be written in the creation's batch. */
  public FreshClaim fresh(String key, String fingerprint) {
    String kvKey = KvKeys.idempotency(key);
    IdempotencyRecord record = newRecord(fingerprint, now());
    return new FreshClaim(key, kvKey, record, docs.encode(record));
  }

  public Mono<Claim> claim(String key, String fingerprint) {
    return attempt(KvKeys.idempotency(key), fingerprint, pollBudget());
  }

  /**
   * Decides on {@code found}, the binding a {@link FreshClaim} met instead of a free key (its CAS
   * from absent was refused), without reading it again.
   */
  public Mono<Claim> resolve(FreshClaim refused, Optional<KvEntry> found) {
    return decide(refused.kvKey(), refused.record().fingerprint(), found, pollBudget());
  }

  private long pollBudget() {
    return Math.max(1, wait.toMillis() / POLL.toMillis());
  }

  private IdempotencyRecord newRecord(String fingerprint, Instant now) {
    return new IdempotencyRecord(
        UUID.randomUUID().toString(),
        fingerprint,
        IdempotencyRecord.State.IN_FLIGHT,
        now,
        now,
        now.plus(ttl),
        owner);
  }

  /** One decision on the key's current binding; {@code pollsLeft} bounds the waiting. */
  private Mono<Claim> attempt(String kvKey, String fingerprint, long pollsLeft) {
    return docs.client().get(kvKey).flatMap(found -> decide(kvKey, fingerprint, found, pollsLeft));
  }

  /** Decides on {@code found}, what the key holds; every write is a CAS on its version. */
  private Mono<Claim> decide(
      String kvKey, String fingerprint, Optional<KvEntry> found, long pollsLeft) {
    Instant now = now();
    Optional<Versioned<IdempotencyRecord>> current = found.flatMap(this::binding);
    Expectation expected =
        found.<Expectation>map(e -> Expectation.version(e.version())).orElse(Expectation.absent());
    IdempotencyDecision decision =
        IdempotencyDecision.decide(current.map(Versioned::value), fingerprint, now, takeoverAfter);
    switch (decision) {
      case CLAIM:
        return write(kvKey, expected, newRecord(fingerprint, now), false, fingerprint, pollsLeft);
      case MISMATCH:
        return Mono.just(new Claim.Mismatch(current.get().value().deliveryId()));
      case REPLAY:
        return Mono.just(new Claim.Replay(current.get().value().deliveryId()));
      case TAKE_OVER:
        IdempotencyRecord taken = current.get().value().takenOverBy(owner, now);
        return write(kvKey, expected, taken, true, fingerprint, pollsLeft);
      case WAIT:
      default:
        if (pollsLeft <= 0) {
          return Mono.just(new Claim.InFlight(current.get().value().deliveryId()));
        }
        return Mono.delay(POLL).then(attempt(kvKey, fingerprint, pollsLeft - 1));
    }
  }

  private Mono<Claim> write(
      String kvKey,
      Expectation expected,
      IdempotencyRecord next,
      boolean takeover,
      String fingerprint,
      long pollsLeft) {
    return docs.client()
        .compareAndSet(CasRequest.of(kvKey, expected, docs.encode(next)))
        .flatMap(
            result -> {
              if (result instanceof CasResult.Applied applied) {
                Claim.Binding binding =
                    new Claim.Binding(
                        kvKey, new Versioned<>(next, applied.entry().version()), takeover);
                return Mono.just(
                    (Claim)
                        new Claim.Owned(
                            next.deliveryId(), next.requestedAt(), Optional.of(binding)));
              }
              // someone else wrote the key first: decide again on what they wrote
              return attempt(kvKey, fingerprint, pollsLeft);
            });
  }

  /** Whether the key is bound to a delivery now: a live binding, finished or still in flight. */
  public Mono<Boolean> isBound(String key) {
    return docs.client()
        .get(KvKeys.idempotency(key))
        .map(found -> found.flatMap(this::binding).filter(b -> !b.value().expiredAt(now())))
        .map(Optional::isPresent);
  }

  /** The binding {@code entry} holds; empty (recorded) when it is not a valid one. */
  private Optional<Versioned<IdempotencyRecord>> binding(KvEntry entry) {
    return skipped
        .valid(IdempotencyDefect.CHECK.check(entry, docs))
        .map(r -> new Versioned<>(r, entry.version()));
  }

  /** Marks the binding finished so later requests with the key replay it. */
  public Mono<Boolean> complete(Claim.Binding binding) {
    return docs.client().compareAndSet(completionOf(binding)).map(CasResult::ok);
  }

  /** {@link #complete} as an operation of a batch: a CAS on the version this request holds. */
  public KvOp completion(Claim.Binding binding) {
    return KvOp.cas(completionOf(binding));
  }

  private CasRequest completionOf(Claim.Binding binding) {
    IdempotencyRecord done = binding.record().value().completed();
    return CasRequest.of(
        binding.key(), Expectation.version(binding.record().version()), docs.encode(done));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
