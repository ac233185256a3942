package dev.dronedispatch.kv.hints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandBackTest {

  static final NodeRef A = new NodeRef("a", "http://a");
  static final NodeRef B = new NodeRef("b", "http://b");
  static final NodeRef C = new NodeRef("c", "http://c");
  static final NodeRef D = new NodeRef("d", "http://d");
  static final List<NodeRef> NODES = List.of(A, B, C, D);
  static final StoredRecord REC = StoredRecord.tombstone(1, 10);

  static Hint hintFor(NodeRef node, String... standIns) {
    return new Hint(node.id(), "k", REC, Set.of(standIns));
  }

  @Test
  void theStandInIsReleasedAfterTheOtherHomeReplicaHasTheRecord() {
    HandBack plan = HandBack.of(hintFor(B, "c"), List.of(A, B), NODES);
    assertThat(plan.otherHomes()).containsExactly(A);
    assertThat(plan.standIns()).containsExactly(C);
    assertThat(plan.involved()).containsExactly(A, C);
  }

  @Test
  void withoutStandInsThereIsNothingBeyondDelivery() {
    assertThat(HandBack.of(hintFor(B), List.of(A, B), NODES))
        .isEqualTo(new HandBack(List.of(), List.of()));
  }

  @Test
  void aStandInThatIsAHomeReplicaKeepsItsCopy() {
    // the ring changed since the write: c is now one of the key's homes
    assertThat(HandBack.of(hintFor(B, "c"), List.of(C, B), NODES).standIns()).isEmpty();
  }

  @Test
  void everyStandInOfCoalescedWritesIsReleasedAndUnknownOnesAreSkipped() {
    HandBack plan = HandBack.of(hintFor(B, "c", "d", "gone"), List.of(A, B), NODES);
    assertThat(plan.standIns()).containsExactly(C, D);
  }
}
