package dev.dronedispatch.kv.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentDigesterTest {

  private static final RingSegments RING =
      // unsigned ascending: 0x3FFF…, 0x7FFF…, 0xC000…
      new RingSegments(new long[] {Long.MAX_VALUE / 2, Long.MAX_VALUE, Long.MIN_VALUE / 2});

  private static List<RecordVersion> records(int n) {
    List<RecordVersion> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new RecordVersion("key-" + i, 1_000 + i, 1 + i % 3, i % 7 == 0));
    }
    return out;
  }

  private static List<SegmentDigest> digest(List<RecordVersion> records) {
    SegmentDigester d = new SegmentDigester(RING);
    records.forEach(d::add);
    return d.digests();
  }

  @Test
  void theSameRecordsInAnyOrderGiveTheSameDigests() {
    List<RecordVersion> records = records(500);
    List<RecordVersion> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(7));

    assertThat(digest(shuffled)).isEqualTo(digest(records));
    assertThat(digest(records).stream().mapToLong(SegmentDigest::count).sum()).isEqualTo(500);
  }

  @Test
  void aMissingRecordANewerVersionOrATombstoneChangesOnlyItsSegment() {
    List<RecordVersion> records = records(200);
    RecordVersion changed = records.get(43);
    int segment = RING.segmentOf(changed.key());
    List<SegmentDigest> before = digest(records);

    for (RecordVersion other :
        List.of(
            new RecordVersion(changed.key(), changed.ts() + 1, changed.version(), false),
            new RecordVersion(changed.key(), changed.ts(), changed.version() + 1, false),
            new RecordVersion(changed.key(), changed.ts(), changed.version(), true))) {
      List<RecordVersion> copy = new ArrayList<>(records);
      copy.set(43, other);
      List<SegmentDigest> after = digest(copy);
      for (int s = 0; s < RING.count(); s++) {
        if (s == segment) {
          assertThat(after.get(s)).isNotEqualTo(before.get(s));
        } else {
          assertThat(after.get(s)).isEqualTo(before.get(s));
        }
      }
    }
    List<RecordVersion> missing = new ArrayList<>(records);
    missing.remove(43);
    assertThat(digest(missing).get(segment).count()).isEqualTo(before.get(segment).count() - 1);
  }

  @Test
  void aTokenBelongsToTheFirstPointAtOrAfterItAndTheRingWraps() {
    assertThat(RING.indexOf(0)).isEqualTo(0);
    assertThat(RING.indexOf(Long.MAX_VALUE / 2)).isEqualTo(0);
    assertThat(RING.indexOf(Long.MAX_VALUE / 2 + 1)).isEqualTo(1);
    assertThat(RING.indexOf(Long.MAX_VALUE)).isEqualTo(1);
    assertThat(RING.indexOf(Long.MIN_VALUE)).isEqualTo(2);
    assertThat(RING.indexOf(-1)).isEqualTo(0); // past the last point: wraps
  }

  @Test
  void pointsMustBeSortedAsUnsignedNumbers() {
    assertThatThrownBy(() -> new RingSegments(new long[] {5, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RingSegments(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newerThanFollowsLastWriteWins() {
    RecordVersion base = new RecordVersion("k", 10, 2, false);
    assertThat(new RecordVersion("k", 11, 1, false).newerThan(base)).isTrue();
    assertThat(new RecordVersion("k", 10, 3, false).newerThan(base)).isTrue();
    assertThat(base.newerThan(new RecordVersion("k", 10, 2, false))).isFalse();
    assertThat(new RecordVersion("k", 9, 9, true).newerThan(base)).isFalse();
  }
}
