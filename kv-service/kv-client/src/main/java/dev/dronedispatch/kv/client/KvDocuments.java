package dev.dronedispatch.kv.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Typed documents over a {@link KvClient}: read with version, create-if-absent, and the bounded
 * read-modify-CAS loop every shared document is changed with (no blind writes).
 */
public final class KvDocuments {

  private final KvClient kv;
  private final ObjectMapper mapper;

  public KvDocuments(KvClient kv, ObjectMapper mapper) {
    this.kv = kv;
    this.mapper = mapper;
  }

  public KvClient client() {
    return kv;
  }

  public <T> Mono<Optional<Versioned<T>>> read(String key, Class<T> type) {
    return kv.get(key).map(entry -> entry.map(e -> decodeVersioned(e, type)));
  }

  /** Writes {@code value} only if the key is absent; answers whether it did. */
  public <T> Mono<CasResult> create(String key, T value) {
    return kv.compareAndSet(CasRequest.of(key, Expectation.absent(), encode(value)));
  }

  /** Writes {@code value} only if the key is still at {@code version}. */
  public <T> Mono<CasResult> replace(String key, long version, T value, Optional<LockLease> fence) {
    CasRequest request = CasRequest.of(key, Expectation.version(version), encode(value));
    return kv.compareAndSet(fence.map(request::fencedBy).orElse(request));
  }

  /**
   * Reads the document, applies {@code change} and writes the result by CAS on the version read,
   * retrying on conflict up to {@code maxAttempts} times with a short jittered pause. {@code
   * change} sees the latest value each time (empty if absent) and returns the new value, or empty
   * to leave the document as it is. A refused CAS answers the current value, so a retry does not
   * read again.
   */
  public <T> Mono<UpdateOutcome<T>> update(
      String key,
      Class<T> type,
      Function<Optional<T>, Optional<T>> change,
      int maxAttempts,
      Optional<LockLease> fence) {
    return attempt(key, type, change, read(key, type), 1, maxAttempts, fence);
  }

  public <T> Mono<UpdateOutcome<T>> update(
      String key, Class<T> type, Function<Optional<T>, Optional<T>> change, int maxAttempts) {
    return update(key, type, change, maxAttempts, Optional.empty());
  }

  /**
   * As {@link #update}, starting from {@code known} — the document as the caller just read it —
   * instead of reading it first; if it changed since, the first CAS is refused and the loop goes on
   * from what the refusal answers.
   */
  public <T> Mono<UpdateOutcome<T>> update(
      String key,
      Class<T> type,
      Optional<Versioned<T>> known,
      Function<Optional<T>, Optional<T>> change,
      int maxAttempts,
      Optional<LockLease> fence) {
    return attempt(key, type, change, Mono.just(known), 1, maxAttempts, fence);
  }

  private <T> Mono<UpdateOutcome<T>> attempt(
      String key,
      Class<T> type,
      Function<Optional<T>, Optional<T>> change,
      Mono<Optional<Versioned<T>>> currentValue,
      int attempt,
      int maxAttempts,
      Optional<LockLease> fence) {
    return currentValue.flatMap(
        current -> {
          Optional<T> next = change.apply(current.map(Versioned::value));
          if (next.isEmpty()) {
            return Mono.just(new UpdateOutcome.Declined<>(current));
          }
          Expectation expected =
              current
                  .<Expectation>map(v -> Expectation.version(v.version()))
                  .orElse(Expectation.absent());
          CasRequest request = CasRequest.of(key, expected, encode(next.get()));
          return kv.compareAndSet(fence.map(request::fencedBy).orElse(request))
              .flatMap(
                  result -> {
                    if (result instanceof CasResult.Applied applied) {
                      return Mono.just(
                          new UpdateOutcome.Updated<>(
                              new Versioned<>(next.get(), applied.entry().version())));
                    }
                    if (result instanceof CasResult.Fenced fenced) {
                      return Mono.just(new UpdateOutcome.Fenced<T>(fenced.lockName()));
                    }
                    if (attempt >= maxAttempts) {
                      return Mono.just(new UpdateOutcome.Contended<T>(attempt));
                    }
                    Optional<Versioned<T>> now =
                        ((CasResult.Conflict) result).current().map(e -> decodeVersioned(e, type));
                    return Mono.delay(backoff(attempt))
                        .then(
                            attempt(
                                key,
                                type,
                                change,
                                Mono.just(now),
                                attempt + 1,
                                maxAttempts,
                                fence));
                  });
        });
  }

  private static Duration backoff(int attempt) {
    long capMicros = Math.min(20_000, 500L << Math.min(attempt, 6));
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(capMicros / 2, capMicros) * 1000);
  }

  public <T> T decode(KvEntry entry, Class<T> type) {
    return mapper.treeToValue(entry.value(), type);
  }

  public <T> Versioned<T> decodeVersioned(KvEntry entry, Class<T> type) {
    return new Versioned<>(decode(entry, type), entry.version());
  }

  public JsonNode encode(Object value) {
    return mapper.valueToTree(value);
  }
}
