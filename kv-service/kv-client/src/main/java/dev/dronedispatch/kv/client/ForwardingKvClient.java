package dev.dronedispatch.kv.client;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A {@link KvClient} that passes every call to another one: the base of decorators that change some
 * calls ({@link CoalescingKvClient}) and of test decorators that inject a fault or watch one
 * operation (override just that one).
 */
public abstract class ForwardingKvClient implements KvClient {

  protected final KvClient delegate;

  protected ForwardingKvClient(KvClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public Mono<Optional<KvEntry>> get(String key) {
    return delegate.get(key);
  }

  @Override
  public Mono<Map<String, KvEntry>> getAll(Collection<String> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public Mono<WriteResult> put(String key, JsonNode value) {
    return delegate.put(key, value);
  }

  @Override
  public Mono<WriteResult> delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return delegate.compareAndSet(request);
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    return delegate.batch(ops);
  }

  @Override
  public Mono<List<KvEntry>> scan(ScanQuery query) {
    return delegate.scan(query);
  }

  @Override
  public Mono<LockResult> acquireLock(String name, String owner, Duration ttl) {
    return delegate.acquireLock(name, owner, ttl);
  }

  @Override
  public Mono<Optional<LockLease>> renewLock(LockLease lease, Duration ttl) {
    return delegate.renewLock(lease, ttl);
  }

  @Override
  public Mono<Boolean> releaseLock(LockLease lease) {
    return delegate.releaseLock(lease);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
