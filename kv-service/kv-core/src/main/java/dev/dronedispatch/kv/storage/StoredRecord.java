package dev.dronedispatch.kv.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a node stores per key: the value as compact JSON bytes, the per-key version, the HLC
 * timestamp that orders writes (last-write-wins) and whether it is a deletion (tombstone, kept so a
 * deletion wins over older copies on other replicas).
 */
public record StoredRecord(byte[] value, long version, long ts, boolean tombstone) {

  private static final byte[] NULL_JSON = "null".getBytes(StandardCharsets.UTF_8);

  public StoredRecord {
    value = tombstone || value == null ? NULL_JSON : value;
  }

  public static StoredRecord tombstone(long version, long ts) {
    return new StoredRecord(NULL_JSON, version, ts, true);
  }

  public boolean live() {
    return !tombstone;
  }

  public StoredRecord withVersion(long newVersion) {
    return new StoredRecord(value, newVersion, ts, tombstone);
  }

  /** Approximate bytes held in memory for this record under {@code key}. */
  public int weight(String key) {
    return key.length() * 2 + value.length + 48;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredRecord r
        && r.version == version
        && r.ts == ts
        && r.tombstone == tombstone
        && Arrays.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(ts) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "StoredRecord[v="
        + version
        + ", ts="
        + ts
        + (tombstone ? ", tombstone" : ", " + new String(value, StandardCharsets.UTF_8))
        + "]";
  }
}
