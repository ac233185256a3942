package dev.dronedispatch.ops.audit;

/** One broken invariant found in a status history. */
public record Violation(Kind kind, String deliveryId, String droneId, String detail) {

  /** The invariants of the dispatch contract. */
  public enum Kind {
    /** A delivery's status went backwards (e.g. delivered, then in_flight). */
    STATUS_REGRESSION,
    /** One delivery was assigned to two different drones. */
    ASSIGNED_TWICE,
    /** A drone was given a delivery while it still held another. */
    DRONE_DOUBLE_BOOKED,
    /** A delivery was reported delivered more than once. */
    DELIVERED_TWICE,
    /** An expected delivery never reached delivered. */
    NOT_DELIVERED
  }

  @Override
  public String toString() {
    return kind + " delivery=" + deliveryId + " drone=" + droneId + ": " + detail;
  }
}
