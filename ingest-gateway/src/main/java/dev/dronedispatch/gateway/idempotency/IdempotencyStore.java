package dev.dronedispatch.gateway.idempotency;

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
 * way (and swept by {@link IdempotencySweeper}).
 */
public final class IdempotencyStore {

  private static final Duration POLL = Duration.ofMillis(50);

  private final KvDocuments docs;
  private final Clock clock;
  private final String owner;
  private final Duration ttl;
  private final Duration wait;
  private final Duration takeoverAfter;

  public IdempotencyStore(
      KvDocuments docs,
      Clock clock,
      String owner,
      Duration ttl,
      Duration wait,
      Duration takeoverAfter) {
    this.docs = docs;
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
    return decide(
        refused.kvKey(),
        refused.record().fingerprint(),
        found.map(e -> docs.decodeVersioned(e, IdempotencyRecord.class)),
        pollBudget());
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
    return docs.read(kvKey, IdempotencyRecord.class)
        .flatMap(current -> decide(kvKey, fingerprint, current, pollsLeft));
  }

  private Mono<Claim> decide(
      String kvKey,
      String fingerprint,
      Optional<Versioned<IdempotencyRecord>> current,
      long pollsLeft) {
    Instant now = now();
    IdempotencyDecision decision =
        IdempotencyDecision.decide(current.map(Versioned::value), fingerprint, now, takeoverAfter);
    switch (decision) {
      case CLAIM:
        return write(kvKey, current, newRecord(fingerprint, now), false, fingerprint, pollsLeft);
      case MISMATCH:
        return Mono.just(new Claim.Mismatch(current.get().value().deliveryId()));
      case REPLAY:
        return Mono.just(new Claim.Replay(current.get().value().deliveryId()));
      case TAKE_OVER:
        IdempotencyRecord taken = current.get().value().takenOverBy(owner, now);
        return write(kvKey, current, taken, true, fingerprint, pollsLeft);
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
      Optional<Versioned<IdempotencyRecord>> current,
      IdempotencyRecord next,
      boolean takeover,
      String fingerprint,
      long pollsLeft) {
    Expectation expected =
        current
            .<Expectation>map(v -> Expectation.version(v.version()))
            .orElse(Expectation.absent());
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
    return docs.read(KvKeys.idempotency(key), IdempotencyRecord.class)
        .map(found -> found.isPresent() && !found.get().value().expiredAt(now()));
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
