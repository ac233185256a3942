package dev.dronedispatch.launcher;

import java.util.Map;

/**
 * Credentials whose every secret names itself, for plans that tests read and compare rather than
 * run (this module's and the compose cross-check of the e2e module, through the test jar).
 */
public final class PlaceholderCredentials {

  public static final LocalCredentials ALL =
      new LocalCredentials(
          "client-token",
          "node-token",
          "api-key",
          "operator",
          "operator-password",
          "session-key",
          "fault-switch-token",
          Map.of(
              "admin", "kafka-admin",
              "gateway", "kafka-gateway",
              "dispatch", "kafka-dispatch",
              "fleet-simulator", "kafka-fleet-simulator",
              "order-generator", "kafka-order-generator",
              "ops", "kafka-ops"));

  private PlaceholderCredentials() {}
}
