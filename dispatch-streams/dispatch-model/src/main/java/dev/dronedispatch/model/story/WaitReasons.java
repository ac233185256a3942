package dev.dronedispatch.model.story;

/** The waiting reasons of {@code dispatch.decisions} in words (docs/events.md lists them). */
final class WaitReasons {

  private WaitReasons() {}

  static String describe(String reason) {
    return switch (reason) {
      case "no_idle_drone" -> "no drone of its class idle";
      case "out_of_range" -> "idle drones of its class, none within MAX_PICKUP_KM";
      case "taken" -> "the idle ones near enough went to older deliveries";
      case "battery_critical" -> "the idle ones near enough are at critical battery";
      case "no_battery_for_trip" -> "the idle ones near enough lack the battery for the trip";
      default -> "see docs/events.md";
    };
  }
}
