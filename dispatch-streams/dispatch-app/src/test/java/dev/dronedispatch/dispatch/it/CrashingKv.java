package dev.dronedispatch.dispatch.it;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.kv.client.WriteResult;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The real KV client of one dispatch instance, with a kill switch: once armed, the instance dies
 * (an {@link Error} its stream thread does not survive) right after the KV applied an assignment,
 * before Kafka could commit it: the worst moment for exactly-once.
 */
final class CrashingKv implements KvClient {

  /** The simulated process death. */
  static final class Killed extends Error {
    Killed(String message) {
      super(message);
    }
  }

  private final KvClient delegate;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicBoolean fired = new AtomicBoolean();

  CrashingKv(KvClient delegate) {
    this.delegate = delegate;
  }

  void arm() {
    armed.set(true);
  }

  boolean fired() {
    return fired.get();
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return delegate
        .compareAndSet(request)
        .doOnNext(
            r -> {
              boolean assignment =
                  request.key().startsWith("delivery:")
                      && "assigned".equals(request.newValue().path("status").asString(""));
              if (r.ok() && assignment && armed.compareAndSet(true, false)) {
                fired.set(true);
                throw new Killed("killed after committing " + request.key() + " in the KV");
              }
            });
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
