package dev.dronedispatch.model.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which leg of its trip an assigned delivery's drone is flying. */
public enum Leg {
  @JsonProperty("to_origin")
  TO_ORIGIN,
  @JsonProperty("to_destination")
  TO_DESTINATION;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
