package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.ring.NodeRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: what delivering a hint involves beyond its own node. Stand-ins' copies are released only
 * once every home replica of the key holds the record, so the record never has fewer copies than
 * before; a stand-in that is itself a home replica under the current ring keeps its copy, and one
 * no longer in the ring cannot be reached.
 *
 * @param otherHomes the key's home replicas besides the hint's node, which get the record too
 * @param standIns the nodes whose copies are released afterwards (empty: nothing beyond delivery)
 */
public record HandBack(List<NodeRef> otherHomes, List<NodeRef> standIns) {

  /** {@code homes}: the key's preference list; {@code nodes}: every node of the ring. */
  public static HandBack of(Hint hint, List<NodeRef> homes, List<NodeRef> nodes) {
    List<NodeRef> standIns = new ArrayList<>();
    for (NodeRef n : nodes) {
      if (hint.standIns().contains(n.id()) && !homes.contains(n)) {
        standIns.add(n);
      }
    }
    if (standIns.isEmpty()) {
      return new HandBack(List.of(), List.of());
    }
    List<NodeRef> otherHomes = new ArrayList<>();
    for (NodeRef n : homes) {
      if (!n.id().equals(hint.nodeId())) {
        otherHomes.add(n);
      }
    }
    return new HandBack(otherHomes, standIns);
  }

  /** Every node the hand-back needs to reach. */
  public List<NodeRef> involved() {
    List<NodeRef> all = new ArrayList<>(otherHomes);
    all.addAll(standIns);
    return all;
  }
}
