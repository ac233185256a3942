package dev.dronedispatch.model.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A drone's operational state (original-behaviour.md §2.6). */
public enum DroneStatus {
  @JsonProperty("inactive")
  INACTIVE,
  @JsonProperty("idle")
  IDLE,
  @JsonProperty("busy")
  BUSY,
  @JsonProperty("charging")
  CHARGING,
  @JsonProperty("retiring")
  RETIRING,
  /**
   * Silent (or stuck) for longer than the dispatcher's liveness limit: never picked, holds no
   * delivery; back to idle when it reports again.
   */
  @JsonProperty("lost")
  LOST;

  /** Active drones count towards the autoscaler's per-class target. */
  public boolean isActive() {
    return this == IDLE || this == BUSY || this == CHARGING;
  }

  /**
   * Charging and retiring drones fly to the nearest charger and charge there; so does a lost drone
   * that can still fly (back to base, where it is found again).
   */
  public boolean seeksCharger() {
    return this == CHARGING || this == RETIRING || this == LOST;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
