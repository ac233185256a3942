package dev.dronedispatch.model.geo;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A package's weight class, which is also the drone type able to carry it. */
public enum WeightClass {
  @JsonProperty("light")
  LIGHT(3.0),
  @JsonProperty("medium")
  MEDIUM(7.0),
  @JsonProperty("heavy")
  HEAVY(Double.POSITIVE_INFINITY);

  private final double maxKg;

  WeightClass(double maxKg) {
    this.maxKg = maxKg;
  }

  /** The original's rule: up to 3 kg light, up to 7 kg medium, anything heavier heavy. */
  public static WeightClass forWeight(double kg) {
    if (!(kg > 0)) {
      throw new IllegalArgumentException("weight must be > 0 kg: " + kg);
    }
    for (WeightClass c : values()) {
      if (kg <= c.maxKg) {
        return c;
      }
    }
    return HEAVY;
  }

  /** True when a drone of this class can lift a package of {@code pkg}: same class or larger. */
  public boolean canCarry(WeightClass pkg) {
    return ordinal() >= pkg.ordinal();
  }

  /** The lower-case name used in JSON, configuration and logs. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static WeightClass fromWireName(String name) {
    return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
