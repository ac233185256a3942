package dev.dronedispatch.checking.history;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.util.Optional;

/**
 * What a {@code deliveries.status} event means where its status alone does not say: a pending event
 * that hands a delivery back, and why a failed one failed.
 */
public final class StatusEvents {

  private StatusEvents() {}

  /**
   * A drone lost before the pickup hands its delivery back: pending again, naming that drone. It
   * ends the attempt; the delivery may then be assigned to another drone.
   */
  public static boolean isHandBack(DeliveryStatusChanged e) {
    return e.status() == DeliveryStatus.PENDING && DeliveryDocument.DRONE_LOST.equals(e.reason());
  }

  /**
   * Why a {@code failed} event says its delivery failed ({@code drone_lost}, {@code no_drone}...);
   * empty for any other event, and for a failed one that does not say: no reason, a blank one, or
   * the stage's own name, which a generic stage event carries and which tells nothing of why.
   */
  public static Optional<String> failureReason(DeliveryStatusChanged e) {
    if (e.status() != DeliveryStatus.FAILED) {
      return Optional.empty();
    }
    return Optional.ofNullable(e.reason())
        .filter(r -> !r.isBlank() && !r.equals(DeliveryStage.FAILED.reason()));
  }
}
