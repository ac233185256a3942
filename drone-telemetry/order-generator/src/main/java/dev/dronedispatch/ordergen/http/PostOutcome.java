package dev.dronedispatch.ordergen.http;

import java.util.Optional;

/**
 * What one {@code POST /deliveries} came back with: the HTTP status (0 when no response arrived)
 * and, on 200/201, the delivery id; {@code failure} names a transport error; {@code retryAfter} is
 * the Retry-After header of a refusal that tells the client when to come back.
 */
public record PostOutcome(
    int status,
    Optional<String> deliveryId,
    Optional<String> failure,
    Optional<String> retryAfter) {

  /** An outcome without a Retry-After header (an answer without it, or no answer at all). */
  public PostOutcome(int status, Optional<String> deliveryId, Optional<String> failure) {
    this(status, deliveryId, failure, Optional.empty());
  }

  public boolean accepted() {
    return deliveryId.isPresent();
  }

  /**
   * A server error the client cannot act on: any 5xx but a 503 that says when to retry (the
   * gateway's answer while its KV or Kafka is unavailable).
   */
  public boolean unexplainedServerError() {
    return status >= 500 && !(status == 503 && retryAfter.isPresent());
  }

  /** The key errors are counted under: the status code, or the transport failure's name. */
  public String errorKey() {
    if (status == 503 && retryAfter.isEmpty()) {
      return "503 without Retry-After";
    }
    return status > 0 ? String.valueOf(status) : failure.orElse("error");
  }
}
