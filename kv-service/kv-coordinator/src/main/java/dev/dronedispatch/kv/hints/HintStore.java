package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.storage.StorageEngine;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hinted handoff on disk (RocksDB, fsynced): one hint per (node, key), coalesced to the newest
 * record with every stand-in that holds a copy, at most {@code maxHints} in all. Survives a
 * coordinator restart.
 */
public final class HintStore implements AutoCloseable {

  /** What {@link #add} did. */
  public enum AddResult {
    STORED,
    COALESCED,
    DROPPED_FULL
  }

  private static final char SEP = '\u0000';

  private final StorageEngine engine;
  private final long maxHints;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, AtomicLong> perNode = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[256];

  /** {@code engine}: where the hints are kept (durable writes, so a hint outlives a crash). */
  public HintStore(StorageEngine engine, long maxHints) {
    this.engine = engine;
    this.maxHints = maxHints;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
    for (StorageEngine.Raw raw : engine.scan("", null, false, Integer.MAX_VALUE, (k, v) -> true)) {
      String node = raw.key().substring(0, raw.key().indexOf(SEP));
      counter(node).incrementAndGet();
      total.incrementAndGet();
    }
  }

  public AddResult add(Hint hint) {
    String k = hint.nodeId() + SEP + hint.key();
    synchronized (stripe(k)) {
      Hint existing = read(hint.nodeId(), hint.key());
      if (existing == null && total.get() >= maxHints) {
        return AddResult.DROPPED_FULL;
      }
      Hint keep = HintCoalescing.merge(existing, hint);
      if (!keep.equals(existing)) {
        engine.write(k, HintCodec.encode(keep), null, 0);
      }
      if (existing == null) {
        total.incrementAndGet();
        counter(hint.nodeId()).incrementAndGet();
        return AddResult.STORED;
      }
      return AddResult.COALESCED;
    }
  }

  /** The record owed to {@code nodeId} for {@code key}, or null. */
  public StoredRecord get(String nodeId, String key) {
    Hint hint = read(nodeId, key);
    return hint == null ? null : hint.record();
  }

  private Hint read(String nodeId, String key) {
    byte[] raw = engine.get(nodeId + SEP + key);
    return raw == null ? null : HintCodec.decode(nodeId, key, raw);
  }

  /**
   * Up to {@code limit} hints owed to {@code nodeId}, after {@code afterKey} (null: from start).
   */
  public List<Hint> pending(String nodeId, String afterKey, int limit) {
    String prefix = nodeId + SEP;
    List<Hint> out = new ArrayList<>();
    for (StorageEngine.Raw raw :
        engine.scan(
            prefix, afterKey == null ? null : prefix + afterKey, false, limit, (k, v) -> true)) {
      out.add(HintCodec.decode(nodeId, raw.key().substring(prefix.length()), raw.value()));
    }
    return out;
  }

  /**
   * Removes the hint if it is still the one that was delivered (and its stand-ins released);
   * answers whether it did.
   */
  public boolean removeIfDelivered(Hint delivered) {
    String k = delivered.nodeId() + SEP + delivered.key();
    synchronized (stripe(k)) {
      if (!HintCoalescing.replayed(read(delivered.nodeId(), delivered.key()), delivered)) {
        return false;
      }
      engine.delete(k);
      total.decrementAndGet();
      counter(delivered.nodeId()).decrementAndGet();
      return true;
    }
  }

  public long count() {
    return total.get();
  }

  public long count(String nodeId) {
    return counter(nodeId).get();
  }

  private AtomicLong counter(String nodeId) {
    return perNode.computeIfAbsent(nodeId, n -> new AtomicLong());
  }

  private Object stripe(String k) {
    return stripes[Math.floorMod(k.hashCode(), stripes.length)];
  }

  @Override
  public void close() {
    engine.close();
  }
}
