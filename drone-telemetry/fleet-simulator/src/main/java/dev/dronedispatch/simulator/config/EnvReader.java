package dev.dronedispatch.simulator.config;

import java.time.Duration;
import java.util.Map;

/**
 * Typed reads of environment variables with defaults; a malformed value names its variable. Every
 * read goes through {@code getOrDefault} with the default as text, so a doc test can see the
 * defaults the code uses.
 */
public final class EnvReader {

  private final Map<String, String> env;

  public EnvReader(Map<String, String> env) {
    this.env = env;
  }

  public String string(String name, String fallback) {
    String v = env.getOrDefault(name, fallback);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  public int integer(String name, int fallback) {
    String v = string(name, Integer.toString(fallback));
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer: " + v, e);
    }
  }

  public double decimal(String name, double fallback) {
    String v = string(name, Double.toString(fallback));
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number: " + v, e);
    }
  }

  public Duration seconds(String name, double fallback) {
    return Duration.ofNanos(Math.round(decimal(name, fallback) * 1e9));
  }
}
