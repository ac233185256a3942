package dev.dronedispatch.kv.digest;

import java.util.Arrays;
import java.util.List;

/** Folds one node's records, met in any order, into a digest per ring segment. */
public final class SegmentDigester {

  private final RingSegments segments;
  private final long[] counts;
  private final long[] sums;

  public SegmentDigester(RingSegments segments) {
    this.segments = segments;
    this.counts = new long[segments.count()];
    this.sums = new long[segments.count()];
  }

  public void add(RecordVersion record) {
    int i = segments.segmentOf(record.key());
    counts[i]++;
    sums[i] += record.fingerprint();
  }

  /** One digest per segment, in segment order. */
  public List<SegmentDigest> digests() {
    SegmentDigest[] out = new SegmentDigest[counts.length];
    Arrays.setAll(out, i -> new SegmentDigest(counts[i], sums[i]));
    return List.of(out);
  }
}
