package dev.dronedispatch.kv.storage;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * Where a store keeps its bytes: records by key in UTF-8 byte order, and per lock name the highest
 * fencing token seen. Writes are atomic; whether they are durable when they return is the engine's
 * (RocksDB fsyncs its WAL, memory does not persist). Every operation after {@link #close} fails
 * with {@link StoreClosedException}.
 */
public interface StorageEngine extends AutoCloseable {

  /** A key and its raw bytes, as a scan returns them; to {@link #writeAll}, null bytes delete. */
  record Raw(String key, byte[] value) {}

  /** The bytes stored under {@code key}, or null. */
  byte[] get(String key);

  /** The highest fencing token recorded for {@code lockName}, 0 if none. */
  long fence(String lockName);

  /**
   * Writes a record and, when {@code fenceName} is not null, its fence high-water mark, at once.
   */
  void write(String key, byte[] value, String fenceName, long fenceToken);

  /** Writes (or, for null bytes, deletes) several records at once. */
  void writeAll(List<Raw> records);

  void delete(String key);

  /**
   * Keys starting with {@code prefix}, in byte order (descending when {@code reverse}), strictly
   * after {@code startAfter} in that order when it is non-null; at most {@code limit}, counting
   * only those {@code accept} takes.
   */
  List<Raw> scan(
      String prefix,
      String startAfter,
      boolean reverse,
      int limit,
      BiPredicate<String, byte[]> accept);

  /** Makes every acknowledged write durable (a no-op where writes are durable or never are). */
  void sync();

  /** About how many records are stored (-1 if unknown). */
  long estimatedKeys();

  @Override
  void close();
}
