package dev.dronedispatch.model.events;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Event on {@code dispatch.decisions}, keyed by delivery id: a dispatch round found no drone for
 * the delivery, and why ({@code reason}, with the pick's counts). Sent only when the reason differs
 * from the last one sent for the delivery, so a delivery waiting for the same cause round after
 * round costs one record.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryWaiting(
    String deliveryId,
    String reason,
    Instant ts,
    Instant requestedAt,
    int candidatesConsidered,
    Map<String, Integer> rejections) {

  public DeliveryWaiting {
    rejections = Map.copyOf(rejections);
  }
}
