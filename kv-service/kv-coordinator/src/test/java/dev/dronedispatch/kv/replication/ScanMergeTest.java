package dev.dronedispatch.kv.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanMergeTest {

  static KeyedRecord r(String key, long ts) {
    return new KeyedRecord(
        key, new StoredRecord("1".getBytes(StandardCharsets.UTF_8), 1, ts, false));
  }

  static KeyedRecord dead(String key, long ts) {
    return new KeyedRecord(key, StoredRecord.tombstone(2, ts));
  }

  @Test
  void mergesPerKeyNewestAndDropsTombstones() {
    var round =
        ScanMerge.merge(
            List.of(
                new ScanMerge.Page(List.of(r("a", 1), r("b", 1), r("c", 1)), false),
                new ScanMerge.Page(List.of(r("a", 2), dead("b", 5)), false)),
            false);
    assertThat(round.live()).extracting(KeyedRecord::key).containsExactly("a", "c");
    assertThat(round.live().get(0).record().ts()).isEqualTo(2);
    assertThat(round.resumeAfter()).isEmpty();
  }

  @Test
  void keysBeyondAFullPageAreLeftForTheNextRound() {
    var round =
        ScanMerge.merge(
            List.of(
                new ScanMerge.Page(List.of(r("a", 1), r("b", 1)), true),
                new ScanMerge.Page(List.of(r("a", 1), r("c", 1), r("d", 1)), false)),
            false);
    assertThat(round.live()).extracting(KeyedRecord::key).containsExactly("a", "b");
    assertThat(round.resumeAfter()).contains("b");
  }

  @Test
  void reverseOrderUsesTheSmallestBoundInThatOrder() {
    var round =
        ScanMerge.merge(
            List.of(
                new ScanMerge.Page(List.of(r("d", 1), r("c", 1)), true),
                new ScanMerge.Page(List.of(r("d", 1), r("b", 1)), false)),
            true);
    assertThat(round.live()).extracting(KeyedRecord::key).containsExactly("d", "c");
    assertThat(round.resumeAfter()).contains("c");
  }
}
