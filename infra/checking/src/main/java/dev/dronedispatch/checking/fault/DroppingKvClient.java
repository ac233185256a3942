package dev.dronedispatch.checking.fault;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.ForwardingKvClient;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.kv.client.WriteResult;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The KV client of a service on a network that loses messages: while it drops, every call is lost
 * as {@link Drop} says, until it heals. A lost call or answer fails with the {@link
 * KvUnavailableException} the HTTP client raises for a transport failure.
 */
public final class DroppingKvClient extends ForwardingKvClient implements Fault {

  /** What is lost while the client drops. */
  public enum Drop {
    /** The call never reaches the KV: nothing happened. */
    CALL("loses every call before the KV"),
    /** The KV carries the call out, and its answer is lost: the caller cannot tell. */
    REPLY("loses the KV's answer to every call"),
    /** No answer at all, not even a failure: only the caller's own timeout ends the wait. */
    SILENCE("leaves every call unanswered");

    private final String effect;

    Drop(String effect) {
      this.effect = effect;
    }
  }

  private final String target;
  private final FaultLog log;
  private final AtomicLong dropped = new AtomicLong();
  private volatile Drop dropping;

  /** A client that passes every call until told to {@link #drop}. */
  public DroppingKvClient(KvClient delegate, String target, FaultLog log) {
    super(delegate);
    this.target = target;
    this.log = log;
  }

  @Override
  public String name() {
    return "dropping-kv-client";
  }

  /** From now on every call is lost as {@code what} says. */
  public void drop(Drop what) {
    dropping = what;
    log.record(this, target, what.effect);
  }

  /** From now on every call goes through again. */
  public void heal() {
    dropping = null;
    log.record(this, target, "passes calls again, " + dropped.get() + " dropped");
  }

  /** How many calls were lost so far. */
  public long dropped() {
    return dropped.get();
  }

  private <T> Mono<T> through(Supplier<Mono<T>> call) {
    return Mono.defer(
        () -> {
          Drop now = dropping;
          if (now == null) {
            return call.get();
          }
          dropped.incrementAndGet();
          return switch (now) {
            case CALL -> Mono.error(new KvUnavailableException("call dropped before the KV"));
            case REPLY ->
                call.get().then(Mono.error(new KvUnavailableException("answer of the KV dropped")));
            case SILENCE -> Mono.never();
          };
        });
  }

  @Override
  public Mono<Optional<KvEntry>> get(String key) {
    return through(() -> delegate.get(key));
  }

  @Override
  public Mono<Map<String, KvEntry>> getAll(Collection<String> keys) {
    return through(() -> delegate.getAll(keys));
  }

  @Override
  public Mono<WriteResult> put(String key, JsonNode value) {
    return through(() -> delegate.put(key, value));
  }

  @Override
  public Mono<WriteResult> delete(String key) {
    return through(() -> delegate.delete(key));
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return through(() -> delegate.compareAndSet(request));
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    return through(() -> delegate.batch(ops));
  }

  @Override
  public Mono<List<KvEntry>> scan(ScanQuery query) {
    return through(() -> delegate.scan(query));
  }

  @Override
  public Mono<LockResult> acquireLock(String name, String owner, Duration ttl) {
    return through(() -> delegate.acquireLock(name, owner, ttl));
  }

  @Override
  public Mono<Optional<LockLease>> renewLock(LockLease lease, Duration ttl) {
    return through(() -> delegate.renewLock(lease, ttl));
  }

  @Override
  public Mono<Boolean> releaseLock(LockLease lease) {
    return through(() -> delegate.releaseLock(lease));
  }
}
