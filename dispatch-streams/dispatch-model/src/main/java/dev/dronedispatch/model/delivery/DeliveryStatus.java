package dev.dronedispatch.model.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The delivery lifecycle: pending → assigned → in_flight → delivered. */
public enum DeliveryStatus {
  @JsonProperty("pending")
  PENDING,
  @JsonProperty("assigned")
  ASSIGNED,
  @JsonProperty("in_flight")
  IN_FLIGHT,
  @JsonProperty("delivered")
  DELIVERED;

  public boolean isActive() {
    return this == ASSIGNED || this == IN_FLIGHT;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
