package dev.dronedispatch.kv.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database of a node: column family {@code default} holds records, {@code fences} the
 * highest fencing token seen per lock name. Writes go through the WAL and, when {@code syncWrites},
 * are fsynced before they return (RocksDB groups concurrent writers into one fsync).
 */
public final class RocksEngine implements StorageEngine {

  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle records;
  private final ColumnFamilyHandle fences;
  private final WriteOptions writeOptions;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private volatile boolean closed;

  private <T> T guarded(java.util.function.Supplier<T> op) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        // native handles must never be used after close
        throw new StoreClosedException();
      }
      return op.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  public RocksEngine(Path dir, boolean syncWrites) {
    try {
      Files.createDirectories(dir);
      dbOptions =
          new DBOptions()
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setMaxBackgroundJobs(2)
              .setEnablePipelinedWrite(true)
              .setKeepLogFileNum(3);
      // 16 MiB memtables (default 64): several stores share one JVM in tests and the launcher
      cfOptions = new ColumnFamilyOptions().setWriteBufferSize(16L * 1024 * 1024);
      List<ColumnFamilyDescriptor> descriptors =
          List.of(
              new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
              new ColumnFamilyDescriptor("fences".getBytes(StandardCharsets.UTF_8), cfOptions));
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      records = handles.get(0);
      fences = handles.get(1);
      writeOptions = new WriteOptions().setSync(syncWrites);
    } catch (RocksDBException | java.io.IOException e) {
      throw new IllegalStateException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(String key) {
    return guarded(
        () -> {
          try {
            return db.get(records, bytes(key));
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Override
  public long fence(String lockName) {
    return guarded(
        () -> {
          try {
            byte[] raw = db.get(fences, bytes(lockName));
            return raw == null ? 0 : java.nio.ByteBuffer.wrap(raw).getLong();
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Override
  public void write(String key, byte[] value, String fenceName, long fenceToken) {
    guarded(
        () -> {
          try (WriteBatch batch = new WriteBatch()) {
            batch.put(records, bytes(key), value);
            if (fenceName != null) {
              batch.put(
                  fences,
                  bytes(fenceName),
                  java.nio.ByteBuffer.allocate(8).putLong(fenceToken).array());
            }
            db.write(writeOptions, batch);
            return null;
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** One WAL write, one fsync for all of them. */
  @Override
  public void writeAll(List<Raw> recordsToWrite) {
    guarded(
        () -> {
          try (WriteBatch batch = new WriteBatch()) {
            for (Raw r : recordsToWrite) {
              if (r.value() == null) {
                batch.delete(records, bytes(r.key()));
              } else {
                batch.put(records, bytes(r.key()), r.value());
              }
            }
            db.write(writeOptions, batch);
            return null;
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Override
  public void delete(String key) {
    guarded(
        () -> {
          try {
            db.delete(records, writeOptions, bytes(key));
            return null;
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Override
  public List<Raw> scan(
      String prefix,
      String startAfter,
      boolean reverse,
      int limit,
      java.util.function.BiPredicate<String, byte[]> accept) {
    return guarded(() -> scanOpen(prefix, startAfter, reverse, limit, accept));
  }

  private List<Raw> scanOpen(
      String prefix,
      String startAfter,
      boolean reverse,
      int limit,
      java.util.function.BiPredicate<String, byte[]> accept) {
    byte[] p = bytes(prefix);
    List<Raw> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(records)) {
      if (!reverse) {
        byte[] from = p;
        if (startAfter != null && compareBytes(bytes(startAfter), p) > 0) {
          from = bytes(startAfter);
        }
        it.seek(from);
      } else {
        byte[] upper = new byte[p.length + 1];
        System.arraycopy(p, 0, upper, 0, p.length);
        upper[p.length] = (byte) 0xFF;
        if (startAfter != null && compareBytes(bytes(startAfter), upper) < 0) {
          upper = bytes(startAfter);
        }
        it.seekForPrev(upper);
      }
      while (it.isValid() && out.size() < limit) {
        byte[] k = it.key();
        if (!startsWith(k, p)) {
          break;
        }
        String key = new String(k, StandardCharsets.UTF_8);
        if (startAfter == null || !key.equals(startAfter)) {
          byte[] v = it.value();
          if (accept.test(key, v)) {
            out.add(new Raw(key, v));
          }
        }
        if (reverse) {
          it.prev();
        } else {
          it.next();
        }
      }
    }
    return out;
  }

  /** Forces the WAL to disk (used periodically when writes are not fsynced one by one). */
  @Override
  public void sync() {
    guarded(
        () -> {
          try {
            db.syncWal();
            return null;
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Override
  public long estimatedKeys() {
    return guarded(
        () -> {
          try {
            return db.getLongProperty(records, "rocksdb.estimate-num-keys");
          } catch (RocksDBException e) {
            return -1L;
          }
        });
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closeNative();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private void closeNative() {
    try {
      db.syncWal();
    } catch (RocksDBException ignored) {
      // closing anyway
    }
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    writeOptions.close();
    dbOptions.close();
    cfOptions.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] k, byte[] p) {
    if (k.length < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (k[i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  static int compareBytes(byte[] a, byte[] b) {
    return java.util.Arrays.compareUnsigned(a, b);
  }
}
