package dev.dronedispatch.kv.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import dev.dronedispatch.kv.storage.StoredRecord;
import org.junit.jupiter.api.Test;

class CacheBoundsTest {

  @Test
  void everyEntryWeighsAtLeastTheQuantumSoBothBoundsHold() {
    assertThat(CacheBounds.minimumWeight(10_000, 32L << 20)).isEqualTo(3356);
    Cache<String, StoredRecord> cache = CacheBounds.build(10, 100_000);
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, new StoredRecord(new byte[] {'1'}, 1, 1, false));
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isLessThanOrEqualTo(10);
  }

  @Test
  void bigEntriesAreBoundedByBytes() {
    Cache<String, StoredRecord> cache = CacheBounds.build(1_000, 10_000);
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, new StoredRecord(new byte[2_000], 1, 1, false));
    }
    cache.cleanUp();
    long bytes =
        cache.asMap().entrySet().stream().mapToLong(e -> e.getValue().weight(e.getKey())).sum();
    assertThat(bytes).isLessThanOrEqualTo(10_000);
    assertThat(cache.estimatedSize()).isPositive();
  }
}
