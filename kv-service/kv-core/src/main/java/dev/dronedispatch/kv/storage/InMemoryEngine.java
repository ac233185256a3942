package dev.dronedispatch.kv.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiPredicate;

/**
 * A {@link StorageEngine} in memory, ordered as RocksDB orders keys (UTF-8 bytes, unsigned):
 * nothing survives the process. For tests and measurements of the logic above the engine. Writes of
 * several records are applied under one lock, so no reader sees half of them.
 */
public final class InMemoryEngine implements StorageEngine {

  private static final Comparator<String> BYTE_ORDER =
      (a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b));

  private final ConcurrentSkipListMap<String, byte[]> records =
      new ConcurrentSkipListMap<>(BYTE_ORDER);
  private final Map<String, Long> fences = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Override
  public byte[] get(String key) {
    open();
    return records.get(key);
  }

  @Override
  public long fence(String lockName) {
    open();
    return fences.getOrDefault(lockName, 0L);
  }

  @Override
  public synchronized void write(String key, byte[] value, String fenceName, long fenceToken) {
    open();
    records.put(key, value);
    if (fenceName != null) {
      fences.put(fenceName, fenceToken);
    }
  }

  @Override
  public synchronized void writeAll(List<Raw> recordsToWrite) {
    open();
    for (Raw r : recordsToWrite) {
      if (r.value() == null) {
        records.remove(r.key());
      } else {
        records.put(r.key(), r.value());
      }
    }
  }

  @Override
  public void delete(String key) {
    open();
    records.remove(key);
  }

  @Override
  public List<Raw> scan(
      String prefix,
      String startAfter,
      boolean reverse,
      int limit,
      BiPredicate<String, byte[]> accept) {
    open();
    NavigableMap<String, byte[]> from;
    if (reverse) {
      from = records.descendingMap();
      if (startAfter != null) {
        from = from.tailMap(startAfter, false);
      }
    } else {
      boolean afterPrefix = startAfter != null && BYTE_ORDER.compare(startAfter, prefix) >= 0;
      from = afterPrefix ? records.tailMap(startAfter, false) : records.tailMap(prefix, true);
    }
    List<Raw> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : from.entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      if (e.getKey().startsWith(prefix)) {
        if (accept.test(e.getKey(), e.getValue())) {
          out.add(new Raw(e.getKey(), e.getValue()));
        }
      } else if (!reverse || BYTE_ORDER.compare(e.getKey(), prefix) < 0) {
        break; // past the prefix's keys (a reverse scan first passes the keys above them)
      }
    }
    return out;
  }

  @Override
  public void sync() {
    open();
  }

  @Override
  public long estimatedKeys() {
    open();
    return records.size();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void open() {
    if (closed) {
      throw new StoreClosedException();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
