package dev.dronedispatch.kv.storage;

import java.util.Arrays;

/**
 * The last-write-wins order of records: by HLC timestamp, then by version, then by value bytes (a
 * deterministic tie-break so replicas converge). Pure; used by nodes (apply-if-newer), read
 * resolution, read repair and hint coalescing.
 */
public final class LastWriteWins {

  private LastWriteWins() {}

  /** Positive when {@code a} is newer than {@code b}, zero when they are the same write. */
  public static int compare(StoredRecord a, StoredRecord b) {
    int byTs = Long.compare(a.ts(), b.ts());
    if (byTs != 0) {
      return byTs;
    }
    int byVersion = Long.compare(a.version(), b.version());
    if (byVersion != 0) {
      return byVersion;
    }
    if (a.tombstone() != b.tombstone()) {
      return a.tombstone() ? 1 : -1;
    }
    return Arrays.compare(a.value(), b.value());
  }

  /** Whether {@code incoming} must replace {@code current} (absent current: always). */
  public static boolean isNewer(StoredRecord incoming, StoredRecord current) {
    return current == null || compare(incoming, current) > 0;
  }

  /** The newer of two, either may be null. */
  public static StoredRecord newest(StoredRecord a, StoredRecord b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return compare(a, b) >= 0 ? a : b;
  }

  /**
   * The record a node stores when it accepts {@code incoming} over {@code current}: the incoming
   * write, with a version that never goes backwards on this node. A replicated write carries the
   * primary's version; a plain write (version 0) takes the next local one.
   */
  public static StoredRecord accepted(StoredRecord incoming, StoredRecord current) {
    long next = current == null ? 1 : current.version() + 1;
    return incoming.withVersion(Math.max(incoming.version(), next));
  }
}
