package dev.dronedispatch.simulator.fleet;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A failure an operator switches on for one drone, to exercise what the rest of the system does
 * about a drone it loses: {@code silent} keeps flying but sends nothing (no telemetry, no KV
 * merges), {@code stranded} stops where it is with its battery as it was and keeps reporting.
 */
public enum DroneFault {
  SILENT,
  STRANDED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DroneFault> fromWire(String name) {
    return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst();
  }
}
