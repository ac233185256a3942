package dev.dronedispatch.kv.membership;

import dev.dronedispatch.kv.ring.NodeRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The storage nodes of the cluster as of {@code epoch}: the {@code members} whose ring holds the
 * data, and, while a change is under way ({@code phase} other than {@link Phase#STABLE}), the
 * {@code next} members the data moves to. Every change of this record raises the epoch by one.
 * Pure: which change may start and what follows which step.
 */
public record Membership(long epoch, List<NodeRef> members, List<NodeRef> next, Phase phase) {

  public Membership {
    members = List.copyOf(members);
    next = List.copyOf(next);
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0");
    }
    if (members.isEmpty() || next.isEmpty()) {
      throw new IllegalArgumentException("a membership needs at least one node");
    }
    distinct(members);
    distinct(next);
    if (phase == Phase.STABLE && !next.equals(members)) {
      throw new IllegalArgumentException("a stable membership has no next members");
    }
  }

  /** The membership a coordinator starts from before it has heard of any installed one. */
  public static Membership initial(List<NodeRef> backends) {
    return new Membership(0, backends, backends, Phase.STABLE);
  }

  public boolean changing() {
    return phase != Phase.STABLE;
  }

  /** Every node that holds or receives data now: the members and the next members. */
  public List<NodeRef> nodes() {
    List<NodeRef> all = new ArrayList<>(members);
    next.stream().filter(n -> !members.contains(n)).forEach(all::add);
    return all;
  }

  /** The node a change under way adds, if it adds one. */
  public Optional<NodeRef> joining() {
    return next.stream().filter(n -> !members.contains(n)).findFirst();
  }

  /** The node a change under way removes, if it removes one. */
  public Optional<NodeRef> leaving() {
    return members.stream().filter(n -> !next.contains(n)).findFirst();
  }

  /** The first step of adding {@code node}; refused while a change is under way or if a member. */
  public Membership join(NodeRef node) {
    requireStable();
    if (members.stream().anyMatch(m -> m.id().equals(node.id()) || m.url().equals(node.url()))) {
      throw new MembershipChangeRefused(
          MembershipChangeRefused.Reason.ALREADY_MEMBER,
          node.id() + " (" + node.url() + ") is a member already");
    }
    List<NodeRef> grown = new ArrayList<>(members);
    grown.add(node);
    return new Membership(epoch + 1, members, grown, Phase.COPYING);
  }

  /**
   * The first step of removing the member {@code nodeId}; refused while a change is under way, for
   * a non-member, or when fewer than {@code copies} nodes would remain.
   */
  public Membership leave(String nodeId, int copies) {
    requireStable();
    NodeRef node =
        members.stream()
            .filter(m -> m.id().equals(nodeId))
            .findFirst()
            .orElseThrow(
                () ->
                    new MembershipChangeRefused(
                        MembershipChangeRefused.Reason.NOT_A_MEMBER, nodeId + " is not a member"));
    if (members.size() - 1 < copies) {
      throw new MembershipChangeRefused(
          MembershipChangeRefused.Reason.TOO_FEW_NODES,
          "removing "
              + nodeId
              + " would leave "
              + (members.size() - 1)
              + " nodes for "
              + copies
              + " copies of each key");
    }
    List<NodeRef> shrunk = new ArrayList<>(members);
    shrunk.remove(node);
    return new Membership(epoch + 1, members, shrunk, Phase.COPYING);
  }

  /** The change's next step; the last one makes the next members the members. */
  public Membership advance() {
    return switch (phase) {
      case STABLE -> throw new IllegalStateException("no change under way");
      case COPYING -> new Membership(epoch + 1, members, next, Phase.HANDOFF);
      case HANDOFF -> new Membership(epoch + 1, members, next, Phase.SWITCHED);
      case SWITCHED -> new Membership(epoch + 1, next, next, Phase.STABLE);
    };
  }

  /**
   * The membership the change under way started from, one epoch on: a change that has not switched
   * yet can go back, since until then the members' ring alone serves reads and decisions.
   */
  public Membership abort() {
    if (!changing()) {
      throw new MembershipChangeRefused(
          MembershipChangeRefused.Reason.NOTHING_UNDER_WAY, "no change is under way");
    }
    if (phase == Phase.SWITCHED) {
      throw new MembershipChangeRefused(
          MembershipChangeRefused.Reason.ALREADY_SWITCHED,
          "the next members serve already (epoch "
              + epoch
              + "); the change can only be finished: ask for it again");
    }
    return new Membership(epoch + 1, members, members, Phase.STABLE);
  }

  private void requireStable() {
    if (changing()) {
      throw new MembershipChangeRefused(
          MembershipChangeRefused.Reason.CHANGE_UNDER_WAY,
          "a change is under way (epoch " + epoch + ", " + phase + "); it has to finish first");
    }
  }

  private static void distinct(List<NodeRef> nodes) {
    Set<String> ids = new HashSet<>();
    for (NodeRef n : nodes) {
      if (!ids.add(n.id())) {
        throw new IllegalArgumentException("node id " + n.id() + " appears twice");
      }
    }
  }
}
