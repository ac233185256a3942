package dev.dronedispatch.checking.history;

/**
 * One broken invariant found in a recorded history. {@code deliveryId} is null for a finding about
 * a drone's telemetry alone.
 */
public record Violation(Kind kind, String deliveryId, String droneId, String detail) {

  /** The invariants of the dispatch contract and of the drones' physics. */
  public enum Kind {
    /**
     * A delivery's status went backwards within an attempt (e.g. picked_up, then in_flight to the
     * origin), to pending without a hand-back, or to an earlier stage after delivered.
     */
    STATUS_REGRESSION,
    /** One attempt at a delivery named two different drones. */
    ASSIGNED_TWICE,
    /**
     * A delivery was handed back to pending after its pickup: with the parcel on board, a lost
     * drone fails the delivery instead.
     */
    HANDED_BACK_AFTER_PICKUP,
    /**
     * An event names a drone that does not hold the delivery: a hand-back by another drone, or a
     * stage after a hand-back before the delivery was assigned again.
     */
    NOT_THE_HOLDER,
    /** A drone was given a delivery while it still held another. */
    DRONE_DOUBLE_BOOKED,
    /** A delivery was reported delivered more than once. */
    DELIVERED_TWICE,
    /** A failed event does not say why the delivery failed. */
    FAILED_WITHOUT_REASON,
    /** A delivery had an event after it failed, or failed after it was delivered. */
    EVENT_AFTER_END,
    /** An expected delivery was neither delivered nor failed with a reason. */
    UNFINISHED,
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
