package dev.dronedispatch.kv.membership;

import static dev.dronedispatch.kv.membership.MembershipTest.A;
import static dev.dronedispatch.kv.membership.MembershipTest.B;
import static dev.dronedispatch.kv.membership.MembershipTest.C;
import static dev.dronedispatch.kv.membership.MembershipTest.D;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.ring.HashRing;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.ring.WritePlan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlacementTest {

  static final int VNODES = 64;
  static final int RF = 2;

  final Membership stable = Membership.initial(List.of(A, B, C));
  final Membership copying = stable.join(D);
  final Membership handoff = copying.advance();
  final Membership switched = handoff.advance();

  final HashRing three = new HashRing(List.of(A, B, C), VNODES);
  final HashRing four = new HashRing(List.of(A, B, C, D), VNODES);

  final List<String> keys = IntStream.range(0, 500).mapToObj(i -> "key-" + i).toList();

  static Placement placement(Membership m) {
    return new Placement(m, VNODES, RF);
  }

  @Test
  void withNoChangeAKeyHasItsRingsReplicasOnly() {
    Placement p = placement(stable);
    for (String key : keys) {
      WritePlan plan = p.writePlan(key, n -> true);
      assertThat(plan.preferenceList()).isEqualTo(three.preferenceList(key, RF));
      assertThat(p.readPlan(key, n -> true).preferenceList()).isEqualTo(plan.preferenceList());
      assertThat(p.decisionsPaused(key)).isFalse();
    }
  }

  @Test
  void whileCopyingEveryCopyGoesToBothRingsAndTheOldReplicasServe() {
    Placement p = placement(copying);
    int moving = 0;
    for (String key : keys) {
      WritePlan plan = p.writePlan(key, n -> true);
      Set<NodeRef> both = new LinkedHashSet<>(three.preferenceList(key, RF));
      both.addAll(four.preferenceList(key, RF));
      assertThat(plan.preferenceList()).containsExactlyInAnyOrderElementsOf(both);
      assertThat(plan.primary()).contains(three.preferenceList(key, RF).get(0));
      assertThat(p.readPlan(key, n -> true).preferenceList())
          .isEqualTo(three.preferenceList(key, RF));
      assertThat(p.decisionsPaused(key)).isFalse();
      moving += both.size() > RF ? 1 : 0;
    }
    // a fourth node takes about half the keys' second or first replica
    assertThat(moving).isBetween(keys.size() / 4, keys.size() * 3 / 4);
  }

  @Test
  void duringTheHandoffOnlyTheMovingKeysWaitForADecider() {
    Placement p = placement(handoff);
    for (String key : keys) {
      boolean moves = !three.preferenceList(key, RF).equals(four.preferenceList(key, RF));
      assertThat(p.decisionsPaused(key)).isEqualTo(moves);
    }
  }

  @Test
  void onceSwitchedTheNewReplicasServeAndTheOldStillGetCopies() {
    Placement p = placement(switched);
    for (String key : keys) {
      WritePlan plan = p.writePlan(key, n -> true);
      assertThat(plan.primary()).contains(four.preferenceList(key, RF).get(0));
      assertThat(plan.preferenceList()).containsAll(three.preferenceList(key, RF));
      assertThat(p.readPlan(key, n -> true).preferenceList())
          .isEqualTo(four.preferenceList(key, RF));
      assertThat(p.decisionsPaused(key)).isFalse();
    }
  }

  @Test
  void aDownReplicaIsDecidedForOnlyByTheServingRingsOtherReplica() {
    Placement p = placement(copying);
    for (String key : keys) {
      List<NodeRef> serving = three.preferenceList(key, RF);
      NodeRef down = serving.get(0);
      WritePlan plan = p.writePlan(key, n -> !n.equals(down));
      assertThat(plan.primary()).contains(serving.get(1));
    }
  }
}
