package dev.dronedispatch.simulator.physics;

/**
 * The physical constants of the simulation. {@code batteryPerKm} must be the value the dispatcher
 * plans with (both read {@code BATTERY_PER_KM}); {@code arriveEpsKm} is both the arrival radius and
 * the at-charger tolerance, so the two can never disagree (the original used unrelated constants).
 *
 * @param batteryPerKm battery percentage drained per kilometre flown
 * @param chargePerSec battery percentage gained per simulated second at a charger
 * @param arriveEpsKm distance under which a target counts as reached
 */
public record PhysicsSettings(double batteryPerKm, double chargePerSec, double arriveEpsKm) {

  public static final double FULL = 100.0;

  public PhysicsSettings {
    if (batteryPerKm < 0 || chargePerSec < 0 || arriveEpsKm <= 0) {
      throw new IllegalArgumentException(
          "battery_per_km and charge_per_sec must be >= 0 and arrive_eps_km > 0");
    }
  }
}
