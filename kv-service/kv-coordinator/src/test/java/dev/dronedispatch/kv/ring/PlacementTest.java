package dev.dronedispatch.kv.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

  static final NodeRef A = new NodeRef("a", "u-a");
  static final NodeRef B = new NodeRef("b", "u-b");
  static final NodeRef C = new NodeRef("c", "u-c");
  static final List<NodeRef> WALK = List.of(A, B, C);

  @Test
  void allHealthyWritesGoToThePreferenceList() {
    assertThat(Placement.writeTargets(WALK, 2, n -> true))
        .containsExactly(
            new Placement.Target(A, Optional.empty()), new Placement.Target(B, Optional.empty()));
    assertThat(Placement.primary(WALK, 2, n -> true)).contains(A);
  }

  @Test
  void aDownReplicaIsReplacedByTheNextHealthyNodeWithAHint() {
    Set<NodeRef> up = Set.of(B, C);
    assertThat(Placement.writeTargets(WALK, 2, up::contains))
        .containsExactly(
            new Placement.Target(C, Optional.of(A)), new Placement.Target(B, Optional.empty()));
    assertThat(Placement.primary(WALK, 2, up::contains)).contains(B);
    assertThat(Placement.readSet(WALK, 2, up::contains)).containsExactly(C, B);
  }

  @Test
  void withOneLiveNodeTheWriteIsDegraded() {
    Set<NodeRef> up = Set.of(C);
    assertThat(Placement.writeTargets(WALK, 2, up::contains))
        .containsExactly(new Placement.Target(C, Optional.of(A)));
    assertThat(Placement.primary(WALK, 2, up::contains)).isEmpty();
  }
}
