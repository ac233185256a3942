package dev.dronedispatch.kv.hints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.storage.RocksEngine;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HintStoreTest {

  @TempDir Path dir;

  static StoredRecord rec(String v, long ts) {
    return new StoredRecord(v.getBytes(StandardCharsets.UTF_8), 1, ts, false);
  }

  static Hint hint(String node, String key, StoredRecord record, String... standIns) {
    return new Hint(node, key, record, Set.of(standIns));
  }

  @Test
  void hintsAreCoalescedPerKeyToTheNewest() {
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 100)) {
      assertThat(s.add(hint("b", "k", rec("1", 10)))).isEqualTo(HintStore.AddResult.STORED);
      assertThat(s.add(hint("b", "k", rec("2", 20)))).isEqualTo(HintStore.AddResult.COALESCED);
      assertThat(s.add(hint("b", "k", rec("0", 5)))).isEqualTo(HintStore.AddResult.COALESCED);
      assertThat(s.get("b", "k")).isEqualTo(rec("2", 20));
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @Test
  void hintsSurviveAReopen() {
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 100)) {
      s.add(hint("b", "k1", rec("1", 10)));
      s.add(hint("c", "k2", rec("2", 10)));
    }
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 100)) {
      assertThat(s.count()).isEqualTo(2);
      assertThat(s.count("b")).isEqualTo(1);
      assertThat(s.pending("b", null, 10)).extracting(Hint::key).containsExactly("k1");
    }
  }

  @Test
  void theStoreIsBounded() {
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 2)) {
      s.add(hint("b", "k1", rec("1", 10)));
      s.add(hint("b", "k2", rec("1", 10)));
      assertThat(s.add(hint("b", "k3", rec("1", 10)))).isEqualTo(HintStore.AddResult.DROPPED_FULL);
      assertThat(s.add(hint("b", "k1", rec("2", 20)))).isEqualTo(HintStore.AddResult.COALESCED);
      assertThat(s.count()).isEqualTo(2);
    }
  }

  @Test
  void aDeliveredHintIsRemovedOnlyIfNotReplacedMeanwhile() {
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 10)) {
      s.add(hint("b", "k", rec("1", 10)));
      Hint sent = s.pending("b", null, 10).get(0);
      s.add(hint("b", "k", rec("2", 20)));
      assertThat(s.removeIfDelivered(sent)).isFalse();
      Hint newer = s.pending("b", null, 10).get(0);
      assertThat(s.removeIfDelivered(newer)).isTrue();
      assertThat(s.count()).isZero();
    }
  }

  @Test
  void coalescedHintsKeepEveryStandInThatHoldsACopy() {
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 10)) {
      s.add(hint("b", "k", rec("1", 10), "c"));
      s.add(hint("b", "k", rec("2", 20), "d"));
      s.add(hint("b", "k", rec("0", 5)));
      Hint kept = s.pending("b", null, 10).get(0);
      assertThat(kept.record()).isEqualTo(rec("2", 20));
      assertThat(kept.standIns()).containsExactlyInAnyOrder("c", "d");
    }
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 10)) {
      assertThat(s.pending("b", null, 10).get(0).standIns()).containsExactlyInAnyOrder("c", "d");
    }
  }

  @Test
  void aHintIsNotRemovedWhileAStandInAddedSinceItsDeliveryStillHoldsACopy() {
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 10)) {
      s.add(hint("b", "k", rec("2", 20), "c"));
      Hint sent = s.pending("b", null, 10).get(0);
      // a delayed, older write landed on another stand-in meanwhile
      s.add(hint("b", "k", rec("1", 10), "d"));
      assertThat(s.removeIfDelivered(sent)).isFalse();
      assertThat(s.removeIfDelivered(s.pending("b", null, 10).get(0))).isTrue();
    }
  }

  @Test
  void pagingWalksAllHintsOfOneNodeOnly() {
    try (HintStore s = new HintStore(new RocksEngine(dir, true), 100)) {
      for (int i = 0; i < 5; i++) {
        s.add(hint("b", "k" + i, rec("1", 10)));
      }
      s.add(hint("bb", "x", rec("1", 10)));
      assertThat(s.pending("b", null, 3)).extracting(Hint::key).containsExactly("k0", "k1", "k2");
      assertThat(s.pending("b", "k2", 3)).extracting(Hint::key).containsExactly("k3", "k4");
    }
  }
}
