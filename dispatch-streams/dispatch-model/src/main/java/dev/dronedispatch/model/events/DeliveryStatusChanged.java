package dev.dronedispatch.model.events;

import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Event on {@code deliveries.status}, keyed by delivery id. {@code requested_at} rides along so
 * request→assigned and request→delivered latencies can be computed from this topic alone; {@code
 * decision} is present on {@code assigned} events only.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryStatusChanged(
    String deliveryId,
    DeliveryStatus status,
    String droneId,
    Leg leg,
    Instant ts,
    Instant requestedAt,
    String reason,
    AssignmentDecision decision) {

  /** The stage this event says the delivery entered. */
  public DeliveryStage stage() {
    return DeliveryStage.of(status, leg);
  }
}
