package dev.dronedispatch.ordergen.http;

import java.util.Optional;

/**
 * What one {@code POST /deliveries} came back with: the HTTP status (0 when no response arrived)
 * and, on 200/201, the delivery id; {@code failure} names a transport error.
 */
public record PostOutcome(int status, Optional<String> deliveryId, Optional<String> failure) {

  public boolean accepted() {
    return deliveryId.isPresent();
  }

  /** The key errors are counted under: the status code, or the transport failure's name. */
  public String errorKey() {
    return status > 0 ? String.valueOf(status) : failure.orElse("error");
  }
}
