package dev.dronedispatch.kv.wire;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a compare-and-set body expects, as the node's and the coordinator's {@code /kv/cas} read it.
 */
public final class ExpectationJson {

  private ExpectationJson() {}

  /** {@code expected_version}, {@code expect_absent}, or the original's {@code old} value. */
  public static Expectation read(ObjectNode json) {
    if (json.has("expected_version") && !json.get("expected_version").isNull()) {
      return Expectation.version(Json.longField(json, "expected_version", 0));
    }
    if (json.path("expect_absent").asBoolean(false)) {
      return Expectation.absent();
    }
    if (json.has("old")) {
      JsonNode old = json.get("old");
      return old.isNull() ? Expectation.absent() : Expectation.value(old);
    }
    throw ApiException.malformed("one of 'old', 'expected_version' or 'expect_absent' is required");
  }
}
