package dev.dronedispatch.kv.ring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where one request's copies of a key go, decided once from the key's ring walk and the nodes'
 * health (sloppy quorum): each replica of the preference list itself when healthy, else the next
 * healthy node of the walk as a stand-in carrying a hint for it; the acting primary; and, while the
 * copies are being written, the next stand-in for a copy that fails on its way. No I/O.
 */
public final class WritePlan {

  /**
   * Write to {@code node}; when it stands in for a down replica, {@code hintFor} names that one.
   */
  public record Target(NodeRef node, Optional<NodeRef> hintFor) {}

  private final List<NodeRef> walk;
  private final int rf;
  private final int deciders;
  private final Predicate<NodeRef> healthy;
  private final List<Target> targets;
  private final Set<NodeRef> used = new HashSet<>();

  private WritePlan(List<NodeRef> walk, int rf, int deciders, Predicate<NodeRef> healthy) {
    this.walk = walk;
    this.rf = Math.min(rf, walk.size());
    this.deciders = Math.min(deciders, this.rf);
    this.healthy = healthy;
    this.targets = List.copyOf(decideTargets());
  }

  /** {@code healthy} is asked now for the targets, and again whenever a stand-in is needed. */
  public static WritePlan of(List<NodeRef> walk, int rf, Predicate<NodeRef> healthy) {
    return new WritePlan(walk, rf, rf, healthy);
  }

  /**
   * A plan whose first {@code copies} nodes of the walk all get a copy, and only the first {@code
   * deciders} of them may decide (a membership change's copies to both rings' replicas).
   */
  public static WritePlan of(
      List<NodeRef> walk, int copies, int deciders, Predicate<NodeRef> healthy) {
    return new WritePlan(walk, copies, deciders, healthy);
  }

  private List<Target> decideTargets() {
    List<Target> out = new ArrayList<>(rf);
    for (NodeRef n : preferenceList()) {
      if (healthy.test(n)) {
        used.add(n);
      }
    }
    int next = rf;
    for (NodeRef intended : preferenceList()) {
      if (healthy.test(intended)) {
        out.add(new Target(intended, Optional.empty()));
        continue;
      }
      while (next < walk.size()
          && (!healthy.test(walk.get(next)) || used.contains(walk.get(next)))) {
        next++;
      }
      if (next < walk.size()) {
        used.add(walk.get(next));
        out.add(new Target(walk.get(next), Optional.of(intended)));
        next++;
      }
    }
    return out;
  }

  /** The nodes that must each hold a copy: the first {@code rf} (or {@code copies}) of the walk. */
  public List<NodeRef> preferenceList() {
    return walk.subList(0, rf);
  }

  /**
   * Where the copies go: one target per replica that has a healthy node for it (fewer than {@code
   * rf}: the write is degraded).
   */
  public List<Target> targets() {
    return targets;
  }

  /** The targets' nodes: where the key's newest copies are, so where a read asks. */
  public List<NodeRef> nodes() {
    List<NodeRef> out = new ArrayList<>(targets.size());
    targets.forEach(t -> out.add(t.node()));
    return out;
  }

  /** The first healthy replica, which runs compare-and-set and lock operations. */
  public Optional<NodeRef> primary() {
    for (NodeRef n : preferenceList().subList(0, deciders)) {
      if (healthy.test(n)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /**
   * The node that decides a plain write: the acting primary, or, when every replica is down, the
   * first stand-in (the write is degraded, and its hints bring it home).
   */
  public Optional<NodeRef> writer() {
    return primary().or(() -> targets.stream().findFirst().map(Target::node));
  }

  /** Whether {@code node} is the key's natural first replica. */
  public boolean isFirstReplica(NodeRef node) {
    return walk.get(0).equals(node);
  }

  /**
   * The next node of the walk that is healthy now and holds no copy of this request yet, for a copy
   * whose node failed; empty when none is left.
   */
  public synchronized Optional<NodeRef> nextStandIn() {
    for (NodeRef n : walk) {
      if (healthy.test(n) && !used.contains(n)) {
        used.add(n);
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** The plan again from the same walk, with {@code failed} counted as down (primary failover). */
  public WritePlan without(NodeRef failed) {
    return new WritePlan(walk, rf, deciders, n -> !n.equals(failed) && healthy.test(n));
  }
}
