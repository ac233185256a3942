package dev.dronedispatch.kv.membership;

import dev.dronedispatch.kv.ring.HashRing;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.ring.WritePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where keys live under one membership, pure: the ring reads and decisions use, and while a change
 * is under way the other ring whose homes get every copy too. Built once per membership a
 * coordinator adopts; every request plans with the placement current when it starts.
 */
public final class Placement {

  private final Membership membership;
  private final int rf;
  private final HashRing members;
  private final HashRing next;

  public Placement(Membership membership, int vnodes, int rf) {
    this.membership = membership;
    this.rf = rf;
    this.members = new HashRing(membership.members(), vnodes);
    this.next = membership.changing() ? new HashRing(membership.next(), vnodes) : this.members;
  }

  public Membership membership() {
    return membership;
  }

  public long epoch() {
    return membership.epoch();
  }

  /** The ring reads and decisions use: the members' until the change has switched. */
  public HashRing serving() {
    return membership.phase() == Phase.SWITCHED ? next : members;
  }

  /** The ring the cluster is heading to; the members' ring when no change is under way. */
  public HashRing target() {
    return next;
  }

  /** Every node that holds or receives data. */
  public List<NodeRef> nodes() {
    return membership.nodes();
  }

  /** Where a read of {@code key} asks: the serving ring's replicas, or stand-ins for down ones. */
  public WritePlan readPlan(String key, Predicate<NodeRef> healthy) {
    return WritePlan.of(serving().walk(key), rf, healthy);
  }

  /**
   * Where this request's copies of {@code key} go and who decides it: the serving ring's plan, and
   * while a change is under way the other ring's replicas as further required copies.
   */
  public WritePlan writePlan(String key, Predicate<NodeRef> healthy) {
    List<NodeRef> walk = serving().walk(key);
    Optional<HashRing> other = other();
    if (other.isEmpty()) {
      return WritePlan.of(walk, rf, healthy);
    }
    List<NodeRef> servingReplicas = walk.subList(0, Math.min(rf, walk.size()));
    List<NodeRef> merged = new ArrayList<>(servingReplicas);
    other.get().preferenceList(key, rf).stream()
        .filter(n -> !merged.contains(n))
        .forEach(merged::add);
    int copies = merged.size();
    walk.stream().filter(n -> !merged.contains(n)).forEach(merged::add);
    return WritePlan.of(merged, copies, servingReplicas.size(), healthy);
  }

  /**
   * Whether nobody may decide {@code key} now: during the handoff, for a key whose replicas differ
   * between the rings.
   */
  public boolean decisionsPaused(String key) {
    return membership.phase() == Phase.HANDOFF
        && !members.preferenceList(key, rf).equals(next.preferenceList(key, rf));
  }

  private Optional<HashRing> other() {
    if (!membership.changing()) {
      return Optional.empty();
    }
    return Optional.of(serving() == members ? next : members);
  }
}
