package dev.dronedispatch.ops.audit;

/**
 * One broken invariant found in a recorded history. {@code deliveryId} is null for a finding about
 * a drone's telemetry alone.
 */
public record Violation(Kind kind, String deliveryId, String droneId, String detail) {

  /** The invariants of the dispatch contract and of the drones' physics. */
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
    NOT_DELIVERED,
    /** A delivery's stage timestamps go backwards (e.g. picked_up stamped before in_flight). */
    STAGE_TIME_REVERSED,
    /** Recorded picked up while its drone was not at the origin. */
    PICKED_UP_AWAY_FROM_ORIGIN,
    /** Recorded delivered while its drone was not at the destination. */
    DELIVERED_AWAY_FROM_DESTINATION,
    /** Picked up sooner after the assignment than the drone could have flown to the origin. */
    PICKED_UP_TOO_SOON,
    /** A drone reported a battery level below zero. */
    BATTERY_BELOW_ZERO,
    /** A drone's telemetry puts it in two places further apart than it could have flown. */
    DRONE_IN_TWO_PLACES
  }

  @Override
  public String toString() {
    return kind
        + (deliveryId == null ? "" : " delivery=" + deliveryId)
        + " drone="
        + droneId
        + ": "
        + detail;
  }
}
