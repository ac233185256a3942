package dev.dronedispatch.dispatch.assignment;

/** The planning energy model: % of battery = km × BATTERY_PER_KM + SAFETY_MARGIN_PCT. */
public record EnergyModel(double batteryPerKm, double safetyMarginPct) {

  /**
   * {@code toOriginKm} is the drone's own leg; {@code tripKm} is origin → destination → nearest
   * charger, the same for every candidate of a delivery.
   */
  public double requiredPct(double toOriginKm, double tripKm) {
    return (toOriginKm + tripKm) * batteryPerKm + safetyMarginPct;
  }
}
