package dev.dronedispatch.kv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.coordinator.ClusterHealth.Status;
import dev.dronedispatch.kv.ring.NodeRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {

  static final List<NodeRef> NODES =
      List.of(
          new NodeRef("a", "http://a"), new NodeRef("b", "http://b"), new NodeRef("c", "http://c"));

  static ClusterHealth with(Set<String> down, int writeQuorum) {
    return ClusterHealth.assess(
        NODES, n -> !down.contains(n.id()), id -> id.equals("b") ? 12 : 0, writeQuorum);
  }

  @Test
  void everyNodeReachableIsOkEvenWithHintsPending() {
    ClusterHealth h = with(Set.of(), 2);
    assertThat(h.status()).isEqualTo(Status.OK);
    assertThat(h.reachable()).isEqualTo(3);
    assertThat(h.unreachable()).isEmpty();
    assertThat(h.pendingHints())
        .containsExactly(Map.entry("a", 0L), Map.entry("b", 12L), Map.entry("c", 0L));
  }

  @Test
  void aMissingNodeIsDegradedWhileWritesAreStillAcknowledged() {
    ClusterHealth h = with(Set.of("b"), 2);
    assertThat(h.status()).isEqualTo(Status.DEGRADED);
    assertThat(h.reachable()).isEqualTo(2);
    assertThat(h.unreachable()).containsExactly("b");
  }

  @Test
  void itIsDownWhenFewerNodesAreReachableThanAWriteNeeds() {
    // degraded writes rejected: a write needs RF = 2 reachable nodes
    assertThat(with(Set.of("a", "b"), 2).status()).isEqualTo(Status.DOWN);
    // degraded writes allowed: one reachable node still takes writes
    assertThat(with(Set.of("a", "b"), 1).status()).isEqualTo(Status.DEGRADED);
    assertThat(with(Set.of("a", "b", "c"), 1).status()).isEqualTo(Status.DOWN);
  }
}
