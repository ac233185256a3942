package dev.dronedispatch.kv.membership;

/**
 * Where a membership change stands. Each step is installed on every node before the next, and nodes
 * refuse work planned under an older step, so coordinators are never more than one step apart — and
 * any two neighbouring steps agree on where a key's acknowledged writes can be read and on which
 * node decides it (or that nobody does).
 */
public enum Phase {
  /** No change: reads, decisions and copies use the members' ring. */
  STABLE,
  /**
   * The next ring is being filled: copies go to the homes of both rings, reads and decisions stay
   * with the members' ring while the data of the moving ranges streams to their new homes.
   */
  COPYING,
  /**
   * Copies still go to both rings and reads to the members' ring, but nobody decides a key whose
   * replicas move, while its new homes take in the last decisions of the old ones.
   */
  HANDOFF,
  /**
   * The next ring serves: reads and decisions use it, copies still go to both rings so a
   * coordinator one step behind reads what was acknowledged.
   */
  SWITCHED
}
