package dev.dronedispatch.model.delivery;

import java.util.Locale;

/**
 * Where a delivery is in its life, in the order the stages happen: one value for each (status, leg)
 * a delivery can be in. Every module that orders deliveries by progress (the dispatcher's tracking,
 * the history checker, the gateway's KPIs, the dashboard) uses this order; {@link #reason()} is the
 * {@code reason} of the {@code deliveries.status} event that enters the stage.
 */
public enum DeliveryStage {
  /** Waiting for a drone. */
  PENDING(DeliveryStatus.PENDING, null, "pending"),
  /** A drone was chosen and claimed; it has not reported the mission yet. */
  ASSIGNED(DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "assigned"),
  /** The drone reports the mission and flies to the origin. */
  TO_ORIGIN(DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, "in_flight"),
  /** The parcel was loaded at the origin; the drone flies to the destination. */
  TO_DESTINATION(DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, "picked_up"),
  /** The parcel was dropped at the destination. */
  DELIVERED(DeliveryStatus.DELIVERED, null, "delivered"),
  /**
   * The delivery will not be delivered; the event's reason says why ({@code drone_lost}, {@code
   * no_drone}). Terminal, like delivered, and never reached from it.
   */
  FAILED(DeliveryStatus.FAILED, null, "failed");

  private final DeliveryStatus status;
  private final Leg leg;
  private final String reason;

  DeliveryStage(DeliveryStatus status, Leg leg, String reason) {
    this.status = status;
    this.leg = leg;
    this.reason = reason;
  }

  /**
   * The stage of a delivery in {@code status} on {@code leg} (in flight without a leg: to origin).
   */
  public static DeliveryStage of(DeliveryStatus status, Leg leg) {
    return switch (status) {
      case PENDING -> PENDING;
      case ASSIGNED -> ASSIGNED;
      case IN_FLIGHT -> leg == Leg.TO_DESTINATION ? TO_DESTINATION : TO_ORIGIN;
      case DELIVERED -> DELIVERED;
      case FAILED -> FAILED;
    };
  }

  public DeliveryStatus status() {
    return status;
  }

  /** The leg events and documents carry in this stage; null where there is none. */
  public Leg leg() {
    return leg;
  }

  public String reason() {
    return reason;
  }

  public boolean isAfter(DeliveryStage other) {
    return compareTo(other) > 0;
  }

  /**
   * The stage after this one on the way to delivered; the terminal stages are their own next (a
   * delivery fails from any stage, so failed is never anyone's next).
   */
  public DeliveryStage next() {
    return switch (this) {
      case PENDING -> ASSIGNED;
      case ASSIGNED -> TO_ORIGIN;
      case TO_ORIGIN -> TO_DESTINATION;
      case TO_DESTINATION, DELIVERED -> DELIVERED;
      case FAILED -> FAILED;
    };
  }

  public boolean isTerminal() {
    return status.isTerminal();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
