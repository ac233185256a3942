package dev.dronedispatch.kv.client;

import tools.jackson.databind.JsonNode;

/** What a compare-and-set expects to find. */
public sealed interface Expectation {

  /** The key is absent (never written, or deleted). */
  record Absent() implements Expectation {}

  /** The key is live at exactly this version. */
  record AtVersion(long version) implements Expectation {}

  /**
   * The key's value equals this one structurally: object key order ignored, numbers compared by
   * value (1 == 1.0). A JSON null expects the key absent, as in the original API.
   */
  record ValueEquals(JsonNode value) implements Expectation {}

  static Expectation absent() {
    return new Absent();
  }

  static Expectation version(long version) {
    return new AtVersion(version);
  }

  static Expectation value(JsonNode value) {
    return new ValueEquals(value);
  }
}
