package dev.dronedispatch.dispatch.assignment;

/**
 * Why a pick left a delivery waiting, for operators ({@code dispatch.decisions}); {@link
 * #wireName()} is the event's {@code reason}.
 */
public enum WaitReason {
  /**
   * No drone of its class is idle and free: all busy, charging, inactive or lost, or none exist.
   */
  NO_IDLE_DRONE("no_idle_drone"),
  /** Drones of its class are idle, none within MAX_PICKUP_KM of the origin. */
  OUT_OF_RANGE("out_of_range"),
  /** The idle ones near enough went to older deliveries, or another task's commit holds them. */
  TAKEN("taken"),
  /** The idle ones near enough are at or below CRITICAL_BATTERY. */
  BATTERY_CRITICAL("battery_critical"),
  /** The idle ones near enough have not the battery for the trip and back to a charger. */
  NO_BATTERY_FOR_TRIP("no_battery_for_trip");

  private final String wireName;

  WaitReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The waiting reason a pick's most frequent rejection stands for. */
  static WaitReason of(Rejection mostFrequent) {
    return switch (mostFrequent) {
      case NOT_IDLE, WRONG_CLASS -> NO_IDLE_DRONE;
      case UNAVAILABLE -> TAKEN;
      case BATTERY_CRITICAL -> BATTERY_CRITICAL;
      case ENERGY_INFEASIBLE -> NO_BATTERY_FOR_TRIP;
      case TOO_FAR -> OUT_OF_RANGE;
    };
  }
}
