package dev.dronedispatch.kv.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.digest.SegmentDigest;
import dev.dronedispatch.kv.ring.NodeRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentPlanTest {

  private static final NodeRef A = new NodeRef("a", "http://a");
  private static final NodeRef B = new NodeRef("b", "http://b");
  private static final NodeRef C = new NodeRef("c", "http://c");
  private static final List<NodeRef> HOMES = List.of(A, B);

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
    SegmentPlan plan =
        SegmentPlan.of(
            HOMES,
            held(
                List.of(v("same", 5, 1), v("only-a", 6, 1), v("older-on-a", 7, 1)),
                List.of(v("same", 5, 1), v("older-on-a", 9, 2), v("only-b", 3, 1))));

    assertThat(plan.repairs())
        .containsExactly(
            new Repair("older-on-a", B, List.of(A)),
            new Repair("only-a", A, List.of(B)),
            new Repair("only-b", B, List.of(A)));
    assertThat(plan.releases()).isEmpty();
  }

  @Test
  void aTombstoneIsACopyLikeAnyOther() {
    RecordVersion deleted = new RecordVersion("k", 8, 2, true);
    assertThat(SegmentPlan.of(HOMES, held(List.of(v("k", 7, 1)), List.of(deleted))).repairs())
        .containsExactly(new Repair("k", B, List.of(A)));
  }

  @Test
  void aCopyOutsideTheHomesGoesHomeWhenNewerAndIsDroppedOnceTheHomesHoldIt() {
    Map<NodeRef, List<RecordVersion>> versions =
        held(List.of(v("covered", 6, 2), v("newer-on-c", 4, 1)), List.of(v("covered", 6, 2)));
    versions.put(C, List.of(v("covered", 5, 1), v("newer-on-c", 9, 2), v("only-on-c", 3, 1)));

    SegmentPlan plan = SegmentPlan.of(HOMES, versions);

    assertThat(plan.repairs())
        .containsExactly(
            new Repair("newer-on-c", C, List.of(A, B)), new Repair("only-on-c", C, List.of(A, B)));
    // the others wait until a later round finds them home
    assertThat(plan.releases()).containsExactly(new SegmentPlan.Release("covered", C, A));
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

  @Test
  void aNodeCountingRecordsInASegmentItIsNoHomeOfHoldsStrayCopies() {
    SegmentDigest none = new SegmentDigest(0, 0);
    SegmentDigest some = new SegmentDigest(2, 42);
    Map<NodeRef, List<SegmentDigest>> digests = new LinkedHashMap<>();
    digests.put(A, List.of(some, some));
    digests.put(B, List.of(some, some));
    digests.put(C, List.of(some, none));
    List<List<NodeRef>> replicas = List.of(List.of(A, B), List.of(A, B));

    assertThat(DivergentSegments.strayHolders(2, replicas::get, digests))
        .isEqualTo(Map.of(0, Set.of(C)));
  }
}
