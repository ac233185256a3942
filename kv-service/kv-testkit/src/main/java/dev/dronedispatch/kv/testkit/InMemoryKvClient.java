package dev.dronedispatch.kv.testkit;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.client.JsonEquality;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.kv.client.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A single-process {@link KvClient} with the real service's semantics (versions, tombstones, CAS by
 * version or value, fenced locks with increasing tokens) for fast unit tests. Every operation is
 * atomic under one monitor. Not replicated, not durable: use the real service for those properties.
 */
public final class InMemoryKvClient implements KvClient {

  private record Slot(JsonNode value, long version, long ts) {
    boolean live() {
      return value != null;
    }
  }

  private record Lock(String owner, long token, Instant expiresAt) {}

  private final NavigableMap<String, Slot> data = new TreeMap<>();
  private final Map<String, Lock> locks = new HashMap<>();
  private final Map<String, Long> lastTokens = new HashMap<>();
  private final AtomicLong clock = new AtomicLong();
  private final Clock wallClock;
  private volatile boolean available = true;

  public InMemoryKvClient() {
    this(Clock.systemUTC());
  }

  public InMemoryKvClient(Clock wallClock) {
    this.wallClock = wallClock;
  }

  /** Simulates an outage: every call fails with KvUnavailableException while false. */
  public void setAvailable(boolean available) {
    this.available = available;
  }

  @Override
  public Mono<Optional<KvEntry>> get(String key) {
    return call(() -> read(key));
  }

  @Override
  public Mono<Map<String, KvEntry>> getAll(Collection<String> keys) {
    return call(
        () -> {
          Map<String, KvEntry> out = new LinkedHashMap<>();
          for (String key : keys) {
            Slot s = data.get(key);
            if (s != null && s.live()) {
              out.put(key, entry(key, s));
            }
          }
          return out;
        });
  }

  @Override
  public Mono<WriteResult> put(String key, JsonNode value) {
    return call(() -> write(key, value));
  }

  @Override
  public Mono<WriteResult> delete(String key) {
    return call(() -> write(key, null));
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return call(() -> compareAndSetNow(request));
  }

  /** All operations in order under the one monitor, as the single calls run. */
  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    if (ops.isEmpty()) {
      return Mono.error(new IllegalArgumentException("a batch needs at least one operation"));
    }
    return call(() -> ops.stream().map(this::perform).toList());
  }

  private KvOpResult perform(KvOp op) {
    if (op instanceof KvOp.Get) {
      return new KvOpResult.Read(read(op.key()));
    }
    if (op instanceof KvOp.Put put) {
      return new KvOpResult.Written(write(put.key(), put.value()));
    }
    if (op instanceof KvOp.Delete) {
      return new KvOpResult.Written(write(op.key(), null));
    }
    return new KvOpResult.Compared(compareAndSetNow(((KvOp.CompareAndSet) op).request()));
  }

  private Optional<KvEntry> read(String key) {
    return Optional.ofNullable(data.get(key)).filter(Slot::live).map(s -> entry(key, s));
  }

  private CasResult compareAndSetNow(CasRequest request) {
    if (request.fence().isPresent() && !fenceHolds(request.fence().get())) {
      return new CasResult.Fenced(request.fence().get().lockName());
    }
    Optional<KvEntry> current = read(request.key());
    if (!matches(request.expected(), current)) {
      return new CasResult.Conflict(current);
    }
    WriteResult written = write(request.key(), request.newValue());
    return new CasResult.Applied(
        new KvEntry(request.key(), request.newValue(), written.version(), written.ts()));
  }

  @Override
  public Mono<List<KvEntry>> scan(ScanQuery query) {
    return call(
        () -> {
          NavigableMap<String, Slot> range =
              data.tailMap(query.prefix(), true)
                  .headMap(query.prefix() + Character.MAX_VALUE, true);
          if (query.reverse()) {
            range = range.descendingMap();
          }
          if (query.start().isPresent()) {
            range = range.tailMap(query.start().get(), false);
          }
          List<KvEntry> out = new ArrayList<>();
          for (Map.Entry<String, Slot> e : range.entrySet()) {
            if (out.size() >= query.limit()) {
              break;
            }
            if (e.getValue().live()) {
              out.add(entry(e.getKey(), e.getValue()));
            }
          }
          return out;
        });
  }

  @Override
  public Mono<LockResult> acquireLock(String name, String owner, Duration ttl) {
    return call(
        () -> {
          Instant now = wallClock.instant();
          Lock held = locks.get(name);
          if (held != null && held.expiresAt().isAfter(now) && !held.owner().equals(owner)) {
            return new LockResult.Held(held.expiresAt());
          }
          long token = lastTokens.merge(name, 1L, Long::sum);
          Lock lock = new Lock(owner, token, now.plus(ttl));
          locks.put(name, lock);
          return new LockResult.Acquired(new LockLease(name, owner, token, lock.expiresAt()));
        });
  }

  @Override
  public Mono<Optional<LockLease>> renewLock(LockLease lease, Duration ttl) {
    return call(
        () -> {
          if (!holds(lease)) {
            return Optional.<LockLease>empty();
          }
          Instant expires = wallClock.instant().plus(ttl);
          locks.put(lease.name(), new Lock(lease.owner(), lease.token(), expires));
          return Optional.of(new LockLease(lease.name(), lease.owner(), lease.token(), expires));
        });
  }

  @Override
  public Mono<Boolean> releaseLock(LockLease lease) {
    return call(
        () -> {
          if (!holds(lease)) {
            return false;
          }
          locks.remove(lease.name());
          return true;
        });
  }

  @Override
  public void close() {}

  /** The live value count, for assertions. */
  public synchronized int size() {
    return (int) data.values().stream().filter(Slot::live).count();
  }

  private boolean holds(LockLease lease) {
    Lock held = locks.get(lease.name());
    return held != null
        && held.token() == lease.token()
        && held.owner().equals(lease.owner())
        && held.expiresAt().isAfter(wallClock.instant());
  }

  private boolean fenceHolds(Fence fence) {
    Lock held = locks.get(fence.lockName());
    return held != null
        && held.token() == fence.token()
        && held.expiresAt().isAfter(wallClock.instant());
  }

  private static boolean matches(Expectation expected, Optional<KvEntry> current) {
    if (expected instanceof Expectation.Absent) {
      return current.isEmpty();
    }
    if (expected instanceof Expectation.AtVersion v) {
      return current.isPresent() && current.get().version() == v.version();
    }
    JsonNode value = ((Expectation.ValueEquals) expected).value();
    return current.isEmpty()
        ? value == null || value.isNull()
        : JsonEquality.equal(current.get().value(), value);
  }

  private WriteResult write(String key, JsonNode value) {
    Slot previous = data.get(key);
    long version = previous == null ? 1 : previous.version() + 1;
    long ts = clock.incrementAndGet();
    data.put(key, new Slot(value == null || value.isNull() ? null : value.deepCopy(), version, ts));
    return new WriteResult(1, 1, version, ts, false);
  }

  private static KvEntry entry(String key, Slot slot) {
    return new KvEntry(key, slot.value().deepCopy(), slot.version(), slot.ts());
  }

  private <T> Mono<T> call(java.util.function.Supplier<T> operation) {
    return Mono.fromCallable(
        () -> {
          if (!available) {
            throw new dev.dronedispatch.kv.client.KvUnavailableException("in-memory KV is down");
          }
          synchronized (this) {
            return operation.get();
          }
        });
  }
}
