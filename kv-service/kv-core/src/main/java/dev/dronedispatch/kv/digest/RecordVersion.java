package dev.dronedispatch.kv.digest;

import dev.dronedispatch.kv.storage.StoredRecord;

/**
 * What anti-entropy compares of a record: its key and the last-write-wins identity of its current
 * copy (timestamp, version, tombstone), not the value. Two copies with the same timestamp and
 * version were written by the same operation, so they hold the same value.
 */
public record RecordVersion(String key, long ts, long version, boolean tombstone) {

  public static RecordVersion of(String key, StoredRecord record) {
    return new RecordVersion(key, record.ts(), record.version(), record.tombstone());
  }

  /** Whether this copy wins over {@code other} under last-write-wins (timestamp, then version). */
  public boolean newerThan(RecordVersion other) {
    if (ts != other.ts) {
      return ts > other.ts;
    }
    if (version != other.version) {
      return version > other.version;
    }
    return tombstone && !other.tombstone;
  }

  /** A well-mixed 64-bit fingerprint of key and identity, for order-independent digests. */
  long fingerprint() {
    long h = KeyToken.of(key);
    h ^= mix(ts + 0x9E3779B97F4A7C15L);
    h ^= mix(version * 0xC2B2AE3D27D4EB4FL + (tombstone ? 1 : 0));
    return mix(h);
  }

  /** The finalizer of SplitMix64: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
