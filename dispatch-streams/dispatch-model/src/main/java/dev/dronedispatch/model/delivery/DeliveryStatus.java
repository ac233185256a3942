package dev.dronedispatch.model.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The delivery lifecycle: pending → assigned → in_flight → delivered, or failed (its drone was lost
 * with the parcel on board, or no drone took it before the pending deadline). A delivery whose
 * drone is lost before the pickup goes back to pending and is assigned again.
 */
public enum DeliveryStatus {
  @JsonProperty("pending")
  PENDING,
  @JsonProperty("assigned")
  ASSIGNED,
  @JsonProperty("in_flight")
  IN_FLIGHT,
  @JsonProperty("delivered")
  DELIVERED,
  @JsonProperty("failed")
  FAILED;

  public boolean isActive() {
    return this == ASSIGNED || this == IN_FLIGHT;
  }

  /** Delivered or failed: nothing happens to the delivery any more. */
  public boolean isTerminal() {
    return this == DELIVERED || this == FAILED;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
