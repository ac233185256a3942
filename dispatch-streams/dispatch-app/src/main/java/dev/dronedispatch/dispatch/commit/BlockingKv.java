package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The blocking face of the KV client for stream processors: every call waits at most {@code
 * timeout} (KV_TIMEOUT_MS) and a timeout surfaces as {@link KvUnavailableException}, so one
 * punctuation or record can never hang the stream thread past its transaction timeout.
 */
public final class BlockingKv {

  /** Operations per KV request: within the coordinator's default MAX_BATCH_OPS (256). */
  static final int OPS_PER_REQUEST = 128;

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

  /**
   * Several independent operations, answered one result each, in order: one round trip for up to
   * {@link #OPS_PER_REQUEST}, otherwise that many per request, sent concurrently.
   */
  public List<KvOpResult> batch(List<KvOp> ops) {
    if (ops.size() <= OPS_PER_REQUEST) {
      return await(client.batch(ops), "batch of " + ops.size());
    }
    List<List<KvOp>> chunks = new ArrayList<>();
    for (int from = 0; from < ops.size(); from += OPS_PER_REQUEST) {
      chunks.add(ops.subList(from, Math.min(ops.size(), from + OPS_PER_REQUEST)));
    }
    return await(
        Flux.fromIterable(chunks)
            .flatMapSequential(client::batch)
            .flatMapIterable(answers -> answers)
            .collectList(),
        "batch of " + ops.size());
  }

  public KvDocuments docs() {
    return docs;
  }

  public <T> Optional<Versioned<T>> read(String key, Class<T> type) {
    return await(docs.read(key, type), "read " + key);
  }

  public <T> UpdateOutcome<T> update(
      String key, Class<T> type, Function<Optional<T>, Optional<T>> change, int attempts) {
    return await(docs.update(key, type, change, attempts, Optional.empty()), "update " + key);
  }

  /** As {@link #update}, from {@code known}, the document as just read (no read before the CAS). */
  public <T> UpdateOutcome<T> update(
      String key,
      Class<T> type,
      Optional<Versioned<T>> known,
      Function<Optional<T>, Optional<T>> change,
      int attempts) {
    return await(
        docs.update(key, type, known, change, attempts, Optional.empty()), "update " + key);
  }

  /** Writes {@code value} only if the key is still at {@code version}. */
  public CasResult replace(String key, long version, Object value) {
    return await(docs.replace(key, version, value, Optional.empty()), "replace " + key);
  }
}
