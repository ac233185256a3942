package dev.dronedispatch.ops.audit;

import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.util.Locale;

/**
 * The stages of a delivery in the order they must happen. The wire has four statuses; the pickup is
 * the {@code in_flight} event whose leg turns to {@code to_destination}.
 */
public enum Stage {
  PENDING,
  ASSIGNED,
  IN_FLIGHT,
  PICKED_UP,
  DELIVERED;

  public static Stage of(DeliveryStatusChanged event) {
    switch (event.status()) {
      case PENDING:
        return PENDING;
      case ASSIGNED:
        return ASSIGNED;
      case IN_FLIGHT:
        return event.leg() == Leg.TO_DESTINATION ? PICKED_UP : IN_FLIGHT;
      case DELIVERED:
        return DELIVERED;
      default:
        throw new IllegalArgumentException("unknown status " + event.status());
    }
  }

  /** As the dispatcher names the step in an event's {@code reason}: {@code picked_up}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
