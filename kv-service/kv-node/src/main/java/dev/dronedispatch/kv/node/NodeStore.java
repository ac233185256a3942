package dev.dronedispatch.kv.node;

import com.github.benmanes.caffeine.cache.Cache;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.digest.RingSegments;
import dev.dronedispatch.kv.digest.SegmentDigest;
import dev.dronedispatch.kv.digest.SegmentDigester;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockOutcome;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpResult;
import dev.dronedispatch.kv.storage.CasCheck;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.LastWriteWins;
import dev.dronedispatch.kv.storage.RecordCodec;
import dev.dronedispatch.kv.storage.StorageEngine;
import dev.dronedispatch.kv.storage.StoreClosedException;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * A node's storage: RocksDB underneath, a Caffeine cache bounded by entries and bytes on top, and
 * per-key atomicity (striped locks) for every read-modify-write: local writes, last-write-wins
 * applies, compare-and-set and lock operations.
 */
public final class NodeStore implements AutoCloseable {

  /** Result of an apply-if-newer: whether it replaced the stored record, and what is stored. */
  public record Applied(boolean applied, StoredRecord stored) {}

  private static final int STRIPES = 1024;
  private static final int RECORD_PAGE = 4096;

  private final StorageEngine engine;
  private final Cache<String, StoredRecord> cache;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final ReentrantLock[] fenceStripes = new ReentrantLock[64];
  private final HybridLogicalClock clock;
  private final LongSupplier wallMillis;
  private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private boolean closed;

  /** {@code engine}: where the records are kept; the store owns it and closes it. */
  public NodeStore(
      StorageEngine engine,
      long maxCacheItems,
      long maxCacheBytes,
      HybridLogicalClock clock,
      LongSupplier wallMillis) {
    this.engine = engine;
    this.clock = clock;
    this.wallMillis = wallMillis;
    this.cache = CacheBounds.build(maxCacheItems, maxCacheBytes);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    for (int i = 0; i < fenceStripes.length; i++) {
      fenceStripes[i] = new ReentrantLock();
    }
    recoverClock();
  }

  public Cache<String, StoredRecord> cache() {
    return cache;
  }

  public HybridLogicalClock clock() {
    return clock;
  }

  /** The stored record, tombstones included. */
  public Optional<StoredRecord> get(String key) {
    return open(() -> Optional.ofNullable(cache.get(key, this::fromDisk)));
  }

  /** A plain local write (or delete when {@code value} is null): next version, fresh timestamp. */
  public StoredRecord write(String key, byte[] value) {
    return locked(
        key,
        () -> {
          StoredRecord current = load(key);
          long version = current == null ? 1 : current.version() + 1;
          long ts = clock.tickAfter(current == null ? 0 : current.ts());
          StoredRecord next =
              value == null
                  ? StoredRecord.tombstone(version, ts)
                  : new StoredRecord(value, version, ts, false);
          persist(key, next, null, 0);
          return next;
        });
  }

  /** Last-write-wins: stores {@code incoming} only if it is newer than what is stored. */
  public Applied apply(String key, StoredRecord incoming) {
    clock.observe(incoming.ts());
    return locked(
        key,
        () -> {
          Applied a = decideApply(incoming, load(key));
          if (a.applied()) {
            persist(key, a.stored(), null, 0);
          }
          return a;
        });
  }

  private static Applied decideApply(StoredRecord incoming, StoredRecord current) {
    return LastWriteWins.isNewer(incoming, current)
        ? new Applied(true, LastWriteWins.accepted(incoming, current))
        : new Applied(false, current);
  }

  /**
   * Last-write-wins applies, releases of stand-in copies, writes and unfenced compare-and-sets as
   * one group: decided in order under all their keys' locks (a later one sees what an earlier one
   * wrote), then persisted in one atomic RocksDB write — one fsync for the group — and cached.
   * Answers in the order of {@code writes}.
   */
  public List<NodeOpResult> writeAll(List<NodeOp> writes) {
    for (NodeOp w : writes) {
      if (w instanceof NodeOp.Apply a) {
        clock.observe(a.record().ts());
      } else if (w instanceof NodeOp.Cas c && c.fence().isEmpty()) {
        clock.observe(c.floorTs());
      } else if (w instanceof NodeOp.Put p) {
        clock.observe(p.floorTs());
      } else if (!(w instanceof NodeOp.Release)) {
        throw new IllegalArgumentException("not a group write: " + w);
      }
    }
    return open(
        () -> {
          int[] held = lockAll(writes);
          try {
            // a null record is a dropped copy
            java.util.Map<String, StoredRecord> written = new java.util.LinkedHashMap<>();
            List<NodeOpResult> results = new ArrayList<>(writes.size());
            for (NodeOp w : writes) {
              StoredRecord current =
                  written.containsKey(w.key()) ? written.get(w.key()) : load(w.key());
              if (w instanceof NodeOp.Apply a) {
                Applied decided = decideApply(a.record(), current);
                if (decided.applied()) {
                  written.put(w.key(), decided.stored());
                }
                results.add(new NodeOpResult.Applied(decided.applied(), decided.stored()));
              } else if (w instanceof NodeOp.Release r) {
                boolean drop = releasable(current, r.handedBack());
                if (drop) {
                  written.put(w.key(), null);
                }
                results.add(new NodeOpResult.Released(drop));
              } else if (w instanceof NodeOp.Put p) {
                StoredRecord next = nextRecord(p.newValue(), current);
                written.put(w.key(), next);
                results.add(new NodeOpResult.CasDone(new CasOutcome.Applied(next)));
              } else {
                NodeOp.Cas c = (NodeOp.Cas) w;
                CasOutcome outcome = decideCas(c.expected(), c.newValue(), current);
                if (outcome instanceof CasOutcome.Applied done) {
                  written.put(w.key(), done.record());
                }
                results.add(new NodeOpResult.CasDone(outcome));
              }
            }
            List<StorageEngine.Raw> raw = new ArrayList<>(written.size());
            written.forEach(
                (k, r) ->
                    raw.add(new StorageEngine.Raw(k, r == null ? null : RecordCodec.encode(r))));
            if (!raw.isEmpty()) {
              engine.writeAll(raw);
            }
            written.forEach(
                (k, r) -> {
                  if (r == null) {
                    cache.invalidate(k);
                  } else {
                    cache.put(k, r);
                  }
                });
            return results;
          } finally {
            for (int i = held.length - 1; i >= 0; i--) {
              stripes[held[i]].unlock();
            }
          }
        });
  }

  /**
   * A copy may be released when it is not newer than the record its replicas now hold: anything
   * newer is a write that reached this node after the hand-back began, and must stay.
   */
  private static boolean releasable(StoredRecord current, StoredRecord handedBack) {
    return current != null && !LastWriteWins.isNewer(current, handedBack);
  }

  /** Locks the stripes of {@code ops}' keys in ascending order (no deadlock with other groups). */
  private int[] lockAll(List<NodeOp> ops) {
    int[] idx = ops.stream().mapToInt(o -> stripe(o.key())).distinct().sorted().toArray();
    for (int i : idx) {
      stripes[i].lock();
    }
    return idx;
  }

  private static int stripe(String key) {
    return Math.floorMod(key.hashCode(), STRIPES);
  }

  /**
   * Atomic compare-and-set. {@code newValue} null writes a tombstone. {@code floorTs} is a
   * timestamp the new write must exceed (the coordinator's clock).
   */
  public CasOutcome compareAndSet(
      String key, Expectation expected, byte[] newValue, long floorTs, Optional<Fence> fence) {
    clock.observe(floorTs);
    return locked(
        key,
        () -> {
          if (fence.isPresent()) {
            return fencedCas(key, expected, newValue, fence.get());
          }
          return plainCas(key, expected, newValue, null, 0);
        });
  }

  private CasOutcome fencedCas(String key, Expectation expected, byte[] newValue, Fence fence) {
    ReentrantLock f = fenceStripes[Math.floorMod(fence.lockName().hashCode(), fenceStripes.length)];
    f.lock();
    try {
      long highest = engine.fence(fence.lockName());
      if (highest > fence.token()) {
        return new CasOutcome.Fenced(fence.lockName(), highest);
      }
      return plainCas(key, expected, newValue, fence.lockName(), fence.token());
    } finally {
      f.unlock();
    }
  }

  private CasOutcome plainCas(
      String key, Expectation expected, byte[] newValue, String fenceName, long fenceToken) {
    CasOutcome outcome = decideCas(expected, newValue, load(key));
    if (outcome instanceof CasOutcome.Applied a) {
      persist(key, a.record(), fenceName, fenceToken);
    }
    return outcome;
  }

  private CasOutcome decideCas(Expectation expected, byte[] newValue, StoredRecord current) {
    if (!CasCheck.holds(expected, current)) {
      return new CasOutcome.Conflict(current);
    }
    return new CasOutcome.Applied(nextRecord(newValue, current));
  }

  /** The record a decided write leaves: the next version, a timestamp above the current one. */
  private StoredRecord nextRecord(byte[] newValue, StoredRecord current) {
    long version = current == null ? 1 : current.version() + 1;
    long ts = clock.tickAfter(current == null ? 0 : current.ts());
    return newValue == null
        ? StoredRecord.tombstone(version, ts)
        : new StoredRecord(newValue, version, ts, false);
  }

  public long highestFence(String lockName) {
    return open(() -> engine.fence(lockName));
  }

  /** The lock's current state (free if never held). */
  public LockState lockState(String name) {
    return get(LockState.keyOf(name)).map(this::decodeLock).orElse(LockState.NEVER_HELD);
  }

  /** A lock operation under the lock record's key lock; a changed lock is persisted. */
  public LockOutcome lock(String name, LockAction action, long floorTs) {
    clock.observe(floorTs);
    String key = LockState.keyOf(name);
    return locked(
        key,
        () -> {
          StoredRecord current = load(key);
          LockState state =
              current == null || current.tombstone() ? LockState.NEVER_HELD : decodeLock(current);
          Optional<LockState> next = action.decide(state, now());
          if (next.isEmpty()) {
            return new LockOutcome(false, state, current);
          }
          long version = current == null ? 1 : current.version() + 1;
          long ts = clock.tickAfter(current == null ? 0 : current.ts());
          StoredRecord record =
              new StoredRecord(KvJson.MAPPER.writeValueAsBytes(next.get()), version, ts, false);
          persist(key, record, null, 0);
          return new LockOutcome(true, next.get(), record);
        });
  }

  public LockState decodeLock(StoredRecord record) {
    if (record.tombstone()) {
      return LockState.NEVER_HELD;
    }
    return KvJson.MAPPER.readValue(record.value(), LockState.class);
  }

  /** Records under {@code prefix}; internal (NUL-prefixed) keys only when asked for by prefix. */
  public List<KeyedRecord> scan(
      String prefix, String startAfter, int limit, boolean reverse, boolean withTombstones) {
    boolean internal = prefix.startsWith("\u0000");
    List<KeyedRecord> out = new ArrayList<>();
    for (StorageEngine.Raw raw :
        open(
            () ->
                engine.scan(
                    prefix,
                    startAfter,
                    reverse,
                    limit,
                    (k, v) ->
                        (internal || !k.startsWith("\u0000"))
                            && (withTombstones || !RecordCodec.decode(v).tombstone())))) {
      out.add(new KeyedRecord(raw.key(), RecordCodec.decode(raw.value())));
    }
    return out;
  }

  /** Anti-entropy's first level: a digest of every record (internal ones too) per ring segment. */
  public List<SegmentDigest> digests(RingSegments segments) {
    SegmentDigester digester = new SegmentDigester(segments);
    forEachRecord((key, record) -> digester.add(RecordVersion.of(key, record)));
    return digester.digests();
  }

  /** Anti-entropy's second level: the version of every record in the given segments. */
  public List<RecordVersion> versions(RingSegments segments, Set<Integer> wanted) {
    List<RecordVersion> out = new ArrayList<>();
    forEachRecord(
        (key, record) -> {
          if (wanted.contains(segments.segmentOf(key))) {
            out.add(RecordVersion.of(key, record));
          }
        });
    return out;
  }

  /**
   * Every stored record in key order, a page at a time, so a large store is never all in memory.
   */
  private void forEachRecord(BiConsumer<String, StoredRecord> visitor) {
    String after = null;
    while (true) {
      String startAfter = after;
      List<StorageEngine.Raw> page =
          open(() -> engine.scan("", startAfter, false, RECORD_PAGE, (k, v) -> true));
      for (StorageEngine.Raw raw : page) {
        visitor.accept(raw.key(), RecordCodec.decode(raw.value()));
      }
      if (page.size() < RECORD_PAGE) {
        return;
      }
      after = page.get(page.size() - 1).key();
    }
  }

  public long estimatedKeys() {
    return open(engine::estimatedKeys);
  }

  /**
   * Makes every acknowledged write durable (periodically, when writes are not synced one by one).
   */
  public void sync() {
    open(
        () -> {
          engine.sync();
          return null;
        });
  }

  /**
   * Waits for running operations, then closes the engine; later calls fail with {@link
   * StoreClosedException}.
   */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        cache.invalidateAll();
        engine.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private <T> T open(java.util.function.Supplier<T> action) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreClosedException();
      }
      return action.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private long now() {
    return wallMillis.getAsLong();
  }

  private StoredRecord load(String key) {
    StoredRecord cached = cache.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    return fromDisk(key);
  }

  private StoredRecord fromDisk(String key) {
    byte[] raw = engine.get(key);
    return raw == null ? null : RecordCodec.decode(raw);
  }

  private void persist(String key, StoredRecord record, String fenceName, long fenceToken) {
    engine.write(key, RecordCodec.encode(record), fenceName, fenceToken);
    cache.put(key, record);
  }

  private <T> T locked(String key, java.util.function.Supplier<T> action) {
    return open(
        () -> {
          ReentrantLock lock = stripes[stripe(key)];
          lock.lock();
          try {
            return action.get();
          } finally {
            lock.unlock();
          }
        });
  }

  /** After a restart, the clock must not issue timestamps below those already stored. */
  private void recoverClock() {
    long max = 0;
    for (StorageEngine.Raw raw : engine.scan("", null, false, Integer.MAX_VALUE, (k, v) -> true)) {
      max = Math.max(max, RecordCodec.decode(raw.value()).ts());
    }
    clock.observe(max);
  }
}
