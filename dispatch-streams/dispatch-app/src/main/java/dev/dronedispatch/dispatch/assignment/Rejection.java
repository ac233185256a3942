package dev.dronedispatch.dispatch.assignment;

/** Why a candidate filter rejected a drone; {@link #wireName()} is the key in the explanation. */
public enum Rejection {
  NOT_IDLE("not_idle"),
  WRONG_CLASS("wrong_class"),
  UNAVAILABLE("unavailable"),
  BATTERY_CRITICAL("battery_critical"),
  ENERGY_INFEASIBLE("energy_infeasible"),
  TOO_FAR("too_far");

  private final String wireName;

  Rejection(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
