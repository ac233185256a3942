package dev.dronedispatch.gateway.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The value of an outbox key: the delivery, and the Idempotency-Key its creation claimed in the
 * same KV batch. The sweeper publishes the delivery only while that key is still bound to it; a
 * creation that lost the key to another request wrote its entry in vain.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboxEntry(String id, String idempotencyKey) {

  public static OutboxEntry of(String id, Optional<String> idempotencyKey) {
    return new OutboxEntry(id, idempotencyKey.orElse(null));
  }

  public Optional<String> claimedKey() {
    return Optional.ofNullable(idempotencyKey);
  }
}
