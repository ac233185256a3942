package dev.dronedispatch.kv.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dronedispatch.kv.storage.StoredRecord;

/**
 * A Caffeine cache bounded by entries AND bytes at once. Caffeine takes one bound, so every entry
 * weighs at least {@code maxBytes / maxItems}: the weight total stays under {@code maxBytes}, which
 * caps the true bytes and, with the minimum weight, the entry count at {@code maxItems}.
 */
public final class CacheBounds {

  private CacheBounds() {}

  public static long minimumWeight(long maxItems, long maxBytes) {
    return Math.max(1, (maxBytes + maxItems - 1) / maxItems);
  }

  public static Cache<String, StoredRecord> build(long maxItems, long maxBytes) {
    long quantum = minimumWeight(maxItems, maxBytes);
    return Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .executor(Runnable::run)
        .weigher(
            (String key, StoredRecord r) ->
                (int) Math.min(Integer.MAX_VALUE, Math.max(quantum, r.weight(key))))
        .recordStats()
        .build();
  }
}
