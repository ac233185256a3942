package dev.dronedispatch.gateway.kv;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.kv.client.WriteResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's KV client: every call bounded by a timeout and behind a circuit breaker, so a KV
 * that is down or hanging costs a request at most one timeout, and once the breaker has opened
 * nothing at all: the call fails at once with {@link KvUnavailableException}, which the HTTP edge
 * answers with 503 and Retry-After. Only the KV's unavailability counts against the breaker; a
 * request the KV refused as invalid is the caller's error, not the KV's.
 */
public final class CircuitBreakingKvClient implements KvClient {

  private final KvClient delegate;
  private final CircuitBreaker breaker;
  private final Duration callTimeout;

  public CircuitBreakingKvClient(KvClient delegate, CircuitBreaker breaker, Duration callTimeout) {
    this.delegate = delegate;
    this.breaker = breaker;
    this.callTimeout = callTimeout;
  }

  @Override
  public Mono<Optional<KvEntry>> get(String key) {
    return guarded(() -> delegate.get(key));
  }

  @Override
  public Mono<Map<String, KvEntry>> getAll(Collection<String> keys) {
    return guarded(() -> delegate.getAll(keys));
  }

  @Override
  public Mono<WriteResult> put(String key, JsonNode value) {
    return guarded(() -> delegate.put(key, value));
  }

  @Override
  public Mono<WriteResult> delete(String key) {
    return guarded(() -> delegate.delete(key));
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return guarded(() -> delegate.compareAndSet(request));
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    return guarded(() -> delegate.batch(ops));
  }

  @Override
  public Mono<List<KvEntry>> scan(ScanQuery query) {
    return guarded(() -> delegate.scan(query));
  }

  @Override
  public Mono<LockResult> acquireLock(String name, String owner, Duration ttl) {
    return guarded(() -> delegate.acquireLock(name, owner, ttl));
  }

  @Override
  public Mono<Optional<LockLease>> renewLock(LockLease lease, Duration ttl) {
    return guarded(() -> delegate.renewLock(lease, ttl));
  }

  @Override
  public Mono<Boolean> releaseLock(LockLease lease) {
    return guarded(() -> delegate.releaseLock(lease));
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The call is made only when subscribed to, and only if the breaker permits it. */
  private <T> Mono<T> guarded(Supplier<Mono<T>> call) {
    return Mono.defer(call)
        .timeout(callTimeout)
        .onErrorMap(
            TimeoutException.class,
            e ->
                new KvUnavailableException(
                    "the KV did not answer within " + callTimeout.toMillis() + " ms", e))
        .transformDeferred(CircuitBreakerOperator.of(breaker))
        .onErrorMap(
            CallNotPermittedException.class,
            e ->
                new KvUnavailableException(
                    "the KV failed too many recent calls; not calling it for a while (circuit "
                        + breaker.getState()
                        + ")",
                    e));
  }
}
