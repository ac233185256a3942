package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.storage.RecordCodec;
import dev.dronedispatch.kv.storage.RocksStore;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hinted handoff on disk (RocksDB, fsynced): one hint per (node, key), coalesced to the newest
 * record, at most {@code maxHints} in all. Survives a coordinator restart.
 */
public final class HintStore implements AutoCloseable {

  /** What {@link #add} did. */
  public enum AddResult {
    STORED,
    COALESCED,
    DROPPED_FULL
  }

  private static final char SEP = '\u0000';

  private final RocksStore rocks;
  private final long maxHints;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, AtomicLong> perNode = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[256];

  public HintStore(Path dir, long maxHints) {
    this.rocks = new RocksStore(dir, true);
    this.maxHints = maxHints;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
    for (RocksStore.Raw raw : rocks.scan("", null, false, Integer.MAX_VALUE, (k, v) -> true)) {
      String node = raw.key().substring(0, raw.key().indexOf(SEP));
      counter(node).incrementAndGet();
      total.incrementAndGet();
    }
  }

  public AddResult add(String nodeId, String key, StoredRecord record) {
    String k = nodeId + SEP + key;
    synchronized (stripe(k)) {
      byte[] raw = rocks.get(k);
      StoredRecord existing = raw == null ? null : RecordCodec.decode(raw);
      if (existing == null && total.get() >= maxHints) {
        return AddResult.DROPPED_FULL;
      }
      StoredRecord keep = HintCoalescing.merge(existing, record);
      if (keep != existing) {
        rocks.write(k, RecordCodec.encode(keep), null, 0);
      }
      if (existing == null) {
        total.incrementAndGet();
        counter(nodeId).incrementAndGet();
        return AddResult.STORED;
      }
      return AddResult.COALESCED;
    }
  }

  public StoredRecord get(String nodeId, String key) {
    byte[] raw = rocks.get(nodeId + SEP + key);
    return raw == null ? null : RecordCodec.decode(raw);
  }

  /**
   * Up to {@code limit} hints owed to {@code nodeId}, after {@code afterKey} (null: from start).
   */
  public List<Hint> pending(String nodeId, String afterKey, int limit) {
    String prefix = nodeId + SEP;
    List<Hint> out = new ArrayList<>();
    for (RocksStore.Raw raw :
        rocks.scan(
            prefix, afterKey == null ? null : prefix + afterKey, false, limit, (k, v) -> true)) {
      out.add(
          new Hint(nodeId, raw.key().substring(prefix.length()), RecordCodec.decode(raw.value())));
    }
    return out;
  }

  /** Removes the hint if it is still the record that was delivered; answers whether it did. */
  public boolean removeIfDelivered(Hint delivered) {
    String k = delivered.nodeId() + SEP + delivered.key();
    synchronized (stripe(k)) {
      byte[] raw = rocks.get(k);
      if (raw == null || !HintCoalescing.replayed(RecordCodec.decode(raw), delivered.record())) {
        return false;
      }
      rocks.delete(k);
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
    rocks.close();
  }
}
