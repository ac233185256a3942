package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.ring.NodeRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Pure: the coordinator's health from what it knows of its nodes. {@code pendingHints} holds, per
 * node, the writes it still owes that node (reported, but not part of the status: every such write
 * has its copies on disk elsewhere).
 */
public record ClusterHealth(
    Status status, int reachable, List<String> unreachable, Map<String, Long> pendingHints) {

  public enum Status {
    /** Every node is reachable. */
    OK,
    /** Some node is not, but writes are still acknowledged. */
    DEGRADED,
    /** Fewer nodes are reachable than a write needs: no write can be acknowledged. */
    DOWN
  }

  /** {@code writeQuorum}: the reachable nodes a write needs to be acknowledged. */
  public static ClusterHealth assess(
      List<NodeRef> nodes,
      Predicate<NodeRef> isReachable,
      ToLongFunction<String> pendingHintsFor,
      int writeQuorum) {
    List<String> unreachable = new ArrayList<>();
    Map<String, Long> pending = new LinkedHashMap<>();
    for (NodeRef n : nodes) {
      if (!isReachable.test(n)) {
        unreachable.add(n.id());
      }
      pending.put(n.id(), pendingHintsFor.applyAsLong(n.id()));
    }
    int reachable = nodes.size() - unreachable.size();
    Status status =
        unreachable.isEmpty()
            ? Status.OK
            : reachable >= writeQuorum ? Status.DEGRADED : Status.DOWN;
    return new ClusterHealth(
        status, reachable, List.copyOf(unreachable), Collections.unmodifiableMap(pending));
  }
}
