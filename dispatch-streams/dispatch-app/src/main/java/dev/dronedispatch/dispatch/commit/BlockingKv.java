package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The blocking face of the KV client for stream processors: every call waits at most {@code
 * timeout} (KV_TIMEOUT_MS) and a timeout surfaces as {@link KvUnavailableException}, so one
 * punctuation or record can never hang the stream thread past its transaction timeout.
 */
public final class BlockingKv {

  private static final Logger log = LoggerFactory.getLogger(BlockingKv.class);

  private final KvClient client;
  private final KvDocuments docs;
  private final Duration timeout;

  public BlockingKv(KvClient client, Duration timeout) {
    this.client = client;
    this.docs = new KvDocuments(client, Json.mapper());
    this.timeout = timeout;
  }

  public <T> T await(Mono<T> call, String what) {
    try {
      T value = call.block(timeout);
      if (value == null) {
        throw new KvUnavailableException(what + ": empty answer");
      }
      return value;
    } catch (KvUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      if (cause instanceof Error error) {
        throw error; // not a KV answer: let the stream thread fail and its transaction abort
      }
      if (cause instanceof KvUnavailableException kv) {
        throw kv;
      }
      throw new KvUnavailableException(what + " failed: " + cause.getMessage(), cause);
    }
  }

  public <T> Optional<Versioned<T>> read(String key, Class<T> type) {
    return await(docs.read(key, type), "read " + key);
  }

  public <T> UpdateOutcome<T> update(
      String key,
      Class<T> type,
      Function<Optional<T>, Optional<T>> change,
      int attempts,
      Optional<LockLease> fence) {
    return await(docs.update(key, type, change, attempts, fence), "update " + key);
  }

  /** As {@link #update}, from {@code known}, the document as just read (no read before the CAS). */
  public <T> UpdateOutcome<T> update(
      String key,
      Class<T> type,
      Optional<Versioned<T>> known,
      Function<Optional<T>, Optional<T>> change,
      int attempts,
      Optional<LockLease> fence) {
    return await(docs.update(key, type, known, change, attempts, fence), "update " + key);
  }

  /** The lease, or empty when someone else holds the lock. */
  public Optional<LockLease> lock(String name, String owner, Duration ttl) {
    LockResult r = await(client.acquireLock(name, owner, ttl), "lock " + name);
    return r instanceof LockResult.Acquired a ? Optional.of(a.lease()) : Optional.empty();
  }

  /**
   * Releases leases this caller holds, all at once; a failure is logged, the TTL ends the lease
   * anyway.
   */
  public void unlock(List<LockLease> leases) {
    Flux.fromIterable(leases)
        .flatMap(
            lease ->
                client
                    .releaseLock(lease)
                    .timeout(timeout)
                    .onErrorResume(
                        e -> {
                          log.warn(
                              "lock {} not released (expires by TTL): {}",
                              lease.name(),
                              e.toString());
                          return Mono.empty();
                        }))
        .blockLast();
  }
}
