package dev.dronedispatch.model.events;

import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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

  /**
   * How long after its request the delivery entered this stage: on its first {@code assigned}
   * event, the system's request→assigned latency; on {@code delivered}, request→delivered. Empty
   * when either instant is missing or the stage is stamped before the request (clocks of different
   * hosts), so no caller counts a latency that cannot be.
   */
  public Optional<Duration> sinceRequested() {
    if (requestedAt == null || ts == null || ts.isBefore(requestedAt)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(requestedAt, ts));
  }
}
