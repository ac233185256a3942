package dev.dronedispatch.kv.client;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The replicated KV service, as every other module sees it. Non-blocking; errors surface as {@link
 * KvUnavailableException}. Key spaces are documented in {@code KvKeys} of the dispatch model.
 */
public interface KvClient extends AutoCloseable {

  Mono<Optional<KvEntry>> get(String key);

  /** The live entries among {@code keys}; absent keys are missing from the map. */
  Mono<Map<String, KvEntry>> getAll(Collection<String> keys);

  /** Unconditional last-write-wins write. Prefer {@link #compareAndSet} for shared documents. */
  Mono<WriteResult> put(String key, JsonNode value);

  /** Writes a tombstone; deleting an absent key succeeds. */
  Mono<WriteResult> delete(String key);

  Mono<CasResult> compareAndSet(CasRequest request);

  /**
   * Runs independent operations in one round trip and answers one result per operation, in order.
   * Each keeps its single call's guarantees; operations on the same key run in batch order. A
   * failure of one operation is its result ({@link KvOpResult.Unavailable}), not the batch's. An
   * empty batch, or one over the service's limit of operations, is refused ({@link
   * IllegalArgumentException}).
   */
  Mono<List<KvOpResult>> batch(List<KvOp> ops);

  Mono<List<KvEntry>> scan(ScanQuery query);

  Mono<LockResult> acquireLock(String name, String owner, Duration ttl);

  /** Extends a held lease; empty if the caller no longer holds it. */
  Mono<Optional<LockLease>> renewLock(LockLease lease, Duration ttl);

  /** Releases the lock if (and only if) this lease still holds it; answers whether it did. */
  Mono<Boolean> releaseLock(LockLease lease);

  @Override
  void close();
}
