package dev.dronedispatch.gateway.idempotency;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The value of {@code idem:{key}}: which delivery the key is bound to, the request it was made
 * with, whether its creation finished, and when the binding expires. {@code requested_at} is fixed
 * at claim time so a take-over re-creates exactly the same keys.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IdempotencyRecord(
    String deliveryId,
    String fingerprint,
    State state,
    Instant requestedAt,
    Instant claimedAt,
    Instant expiresAt,
    String owner) {

  /** Where the first request with this key got to. */
  public enum State {
    @JsonProperty("in_flight")
    IN_FLIGHT,
    @JsonProperty("completed")
    COMPLETED
  }

  public boolean expiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }

  public IdempotencyRecord completed() {
    return new IdempotencyRecord(
        deliveryId, fingerprint, State.COMPLETED, requestedAt, claimedAt, expiresAt, owner);
  }

  public IdempotencyRecord takenOverBy(String newOwner, Instant now) {
    return new IdempotencyRecord(
        deliveryId, fingerprint, State.IN_FLIGHT, requestedAt, now, expiresAt, newOwner);
  }
}
