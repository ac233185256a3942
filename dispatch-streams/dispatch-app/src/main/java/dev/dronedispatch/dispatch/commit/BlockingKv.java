package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.dispatch.documents.DocumentRule;
import dev.dronedispatch.dispatch.documents.SkippedDocuments;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The blocking face of the KV client for stream processors: every call waits at most {@code
 * timeout} (KV_TIMEOUT_MS) and a timeout surfaces as {@link KvUnavailableException}, so one
 * punctuation or record can never hang the stream thread past its transaction timeout.
 */
public final class BlockingKv {

  /** Operations per KV request: within the coordinator's default MAX_BATCH_OPS (256). */
  static final int OPS_PER_REQUEST = 128;

  private final KvClient client;
  private final ObjectMapper mapper = Json.mapper();
  private final Duration timeout;
  private final SkippedDocuments skipped;

  public BlockingKv(KvClient client, Duration timeout, SkippedDocuments skipped) {
    this.client = client;
    this.timeout = timeout;
    this.skipped = skipped;
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

  /** The JSON a document is written as. */
  public JsonNode encode(Object value) {
    return mapper.valueToTree(value);
  }

  /**
   * The only way the dispatcher decodes a stored document: the valid document, or empty when the
   * entry is not a valid document of the rule's kind (counted and logged by {@link
   * SkippedDocuments}, never thrown: a throw inside a punctuation would fail the stream thread).
   */
  public <T> Optional<Versioned<T>> valid(KvEntry entry, DocumentRule<T> rule) {
    return skipped.valid(rule.check(entry, mapper));
  }

  /** The key's document; empty when it is absent or not a valid document. */
  public <T> Optional<Versioned<T>> read(String key, DocumentRule<T> rule) {
    return await(client.get(key), "read " + key).flatMap(entry -> valid(entry, rule));
  }
}
