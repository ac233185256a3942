package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.ring.NodeRef;

/**
 * A node refused a request planned under an older membership than it has installed. Nothing was
 * done; the request may be planned again under the newer membership, already handed to {@link
 * Epochs#learned}.
 */
public final class StaleMembership extends RuntimeException {

  private final NodeRef node;

  public StaleMembership(NodeRef node, long planned) {
    super(node.id() + " has a newer membership than epoch " + planned, null, false, false);
    this.node = node;
  }

  public NodeRef node() {
    return node;
  }
}
