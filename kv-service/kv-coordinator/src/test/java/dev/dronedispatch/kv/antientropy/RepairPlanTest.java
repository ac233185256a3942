package dev.dronedispatch.kv.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.digest.SegmentDigest;
import dev.dronedispatch.kv.ring.NodeRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepairPlanTest {

  private static final NodeRef A = new NodeRef("a", "http://a");
  private static final NodeRef B = new NodeRef("b", "http://b");
  private static final NodeRef C = new NodeRef("c", "http://c");

  private static RecordVersion v(String key, long ts, long version) {
    return new RecordVersion(key, ts, version, false);
  }

  private static Map<NodeRef, List<RecordVersion>> held(
      List<RecordVersion> a, List<RecordVersion> b) {
    Map<NodeRef, List<RecordVersion>> out = new LinkedHashMap<>();
    out.put(A, a);
    out.put(B, b);
    return out;
  }

  @Test
  void aMissingOrOlderCopyIsRepairedFromTheNewestAndEqualCopiesAreLeftAlone() {
    List<Repair> plan =
        RepairPlan.of(
            held(
                List.of(v("same", 5, 1), v("only-a", 6, 1), v("older-on-a", 7, 1)),
                List.of(v("same", 5, 1), v("older-on-a", 9, 2), v("only-b", 3, 1))));

    assertThat(plan)
        .containsExactly(
            new Repair("older-on-a", B, List.of(A)),
            new Repair("only-a", A, List.of(B)),
            new Repair("only-b", B, List.of(A)));
  }

  @Test
  void aTombstoneIsACopyLikeAnyOther() {
    RecordVersion deleted = new RecordVersion("k", 8, 2, true);
    assertThat(RepairPlan.of(held(List.of(v("k", 7, 1)), List.of(deleted))))
        .containsExactly(new Repair("k", B, List.of(A)));
  }

  @Test
  void onlySegmentsWhoseReplicasAllAnsweredAndDisagreeAreDivergent() {
    SegmentDigest x = new SegmentDigest(1, 11);
    SegmentDigest y = new SegmentDigest(1, 12);
    Map<NodeRef, List<SegmentDigest>> digests = new LinkedHashMap<>();
    digests.put(A, List.of(x, x, x));
    digests.put(B, List.of(x, y, x));
    // C did not answer: the segments it replicates wait for a later round
    List<List<NodeRef>> replicas = List.of(List.of(A, B), List.of(B, A), List.of(A, C));

    assertThat(DivergentSegments.of(3, replicas::get, digests)).containsExactly(1);
  }
}
