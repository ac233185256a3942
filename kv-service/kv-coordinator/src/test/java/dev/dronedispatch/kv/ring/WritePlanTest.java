package dev.dronedispatch.kv.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WritePlanTest {

  static final NodeRef A = new NodeRef("a", "u-a");
  static final NodeRef B = new NodeRef("b", "u-b");
  static final NodeRef C = new NodeRef("c", "u-c");
  static final NodeRef D = new NodeRef("d", "u-d");
  static final List<NodeRef> WALK = List.of(A, B, C);

  @Test
  void allHealthyWritesGoToThePreferenceList() {
    WritePlan plan = WritePlan.of(WALK, 2, n -> true);
    assertThat(plan.targets())
        .containsExactly(
            new WritePlan.Target(A, Optional.empty()), new WritePlan.Target(B, Optional.empty()));
    assertThat(plan.primary()).contains(A);
    assertThat(plan.isFirstReplica(A)).isTrue();
  }

  @Test
  void aDownReplicaIsReplacedByTheNextHealthyNodeWithAHint() {
    Set<NodeRef> up = Set.of(B, C);
    WritePlan plan = WritePlan.of(WALK, 2, up::contains);
    assertThat(plan.targets())
        .containsExactly(
            new WritePlan.Target(C, Optional.of(A)), new WritePlan.Target(B, Optional.empty()));
    assertThat(plan.primary()).contains(B);
    assertThat(plan.writer()).contains(B);
    assertThat(plan.nodes()).containsExactly(C, B);
  }

  @Test
  void withOneLiveNodeTheWriteIsDegraded() {
    Set<NodeRef> up = Set.of(C);
    WritePlan plan = WritePlan.of(WALK, 2, up::contains);
    assertThat(plan.targets()).containsExactly(new WritePlan.Target(C, Optional.of(A)));
    assertThat(plan.primary()).isEmpty();
    // no replica decides a compare-and-set; a plain write is decided by the stand-in
    assertThat(plan.writer()).contains(C);
  }

  @Test
  void aCopyThatFailsGoesToTheNextNodeNotHoldingOneOfThisRequest() {
    Set<NodeRef> up = new HashSet<>(Set.of(A, B, C, D));
    WritePlan plan = WritePlan.of(List.of(A, B, C, D), 2, up::contains);
    up.remove(B); // B fails while its copy is written
    assertThat(plan.nextStandIn()).contains(C);
    assertThat(plan.nextStandIn()).contains(D);
    assertThat(plan.nextStandIn()).isEmpty();
  }

  @Test
  void afterAPrimaryFailsTheNextReplicaLeads() {
    WritePlan plan = WritePlan.of(WALK, 2, n -> true).without(A);
    assertThat(plan.primary()).contains(B);
    assertThat(plan.targets())
        .containsExactly(
            new WritePlan.Target(C, Optional.of(A)), new WritePlan.Target(B, Optional.empty()));
  }
}
