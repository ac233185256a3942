package dev.dronedispatch.kv.client.http;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.kv.client.WriteResult;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Blocking facade over any {@link KvClient}, for callers outside a reactive pipeline (tests, CLIs).
 * Never call it from an event-loop thread.
 */
public final class BlockingKvClient {

  private final KvClient kv;
  private final Duration timeout;

  public BlockingKvClient(KvClient kv, Duration timeout) {
    this.kv = kv;
    this.timeout = timeout;
  }

  public Optional<KvEntry> get(String key) {
    return kv.get(key).block(timeout);
  }

  public Map<String, KvEntry> getAll(Collection<String> keys) {
    return kv.getAll(keys).block(timeout);
  }

  public WriteResult put(String key, JsonNode value) {
    return kv.put(key, value).block(timeout);
  }

  public WriteResult delete(String key) {
    return kv.delete(key).block(timeout);
  }

  public CasResult compareAndSet(CasRequest request) {
    return kv.compareAndSet(request).block(timeout);
  }

  public List<KvOpResult> batch(List<KvOp> ops) {
    return kv.batch(ops).block(timeout);
  }

  public List<KvEntry> scan(ScanQuery query) {
    return kv.scan(query).block(timeout);
  }

  public LockResult acquireLock(String name, String owner, Duration ttl) {
    return kv.acquireLock(name, owner, ttl).block(timeout);
  }

  public Optional<LockLease> renewLock(LockLease lease, Duration ttl) {
    return kv.renewLock(lease, ttl).block(timeout);
  }

  public boolean releaseLock(LockLease lease) {
    return Boolean.TRUE.equals(kv.releaseLock(lease).block(timeout));
  }
}
