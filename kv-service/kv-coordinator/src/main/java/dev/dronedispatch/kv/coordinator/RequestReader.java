package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Failure;
import dev.dronedispatch.kv.web.Json;
import dev.dronedispatch.kv.wire.ExpectationJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads what a request asks for and checks it against the configured limits: keys, values,
 * compare-and-sets, batch gets and batches of operations. Refusals are {@link ApiException}s.
 */
final class RequestReader {

  /** The most keys of a batch get (the original's limit). */
  static final int MAX_BATCH_GET_KEYS = 1000;

  private final int maxKeyBytes;
  private final int maxValueBytes;
  private final int maxBatchOps;

  RequestReader(CoordinatorConfig config) {
    this.maxKeyBytes = config.maxKeyBytes();
    this.maxValueBytes = config.maxValueBytes();
    this.maxBatchOps = config.maxBatchOps();
  }

  String key(String key) {
    if (key == null || key.isEmpty()) {
      throw ApiException.malformed("key must not be empty");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > maxKeyBytes) {
      throw new ApiException(Failure.KEY_TOO_LARGE, "key exceeds " + maxKeyBytes + " bytes");
    }
    if (key.indexOf('\u0000') >= 0) {
      throw ApiException.malformed("key must not contain NUL");
    }
    return key;
  }

  /** A value's stored bytes; null for a JSON null (a delete). */
  byte[] value(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    byte[] bytes = Json.bytes(value);
    if (bytes.length > maxValueBytes) {
      throw new ApiException(Failure.VALUE_TOO_LARGE, "value exceeds " + maxValueBytes + " bytes");
    }
    return bytes;
  }

  /** A put's body: {@code {"value": any}}, null deleting. */
  KeyOp.Write put(String key, ObjectNode body) {
    if (!body.has("value")) {
      throw ApiException.malformed("field 'value' is required");
    }
    return new KeyOp.Write(key, value(body.get("value")));
  }

  /**
   * {@code {"key", "new"}} and one of {@code old}, {@code expected_version}, {@code expect_absent};
   * optionally {@code "fence": {"lock", "token"}}.
   */
  KeyOp.Cas cas(ObjectNode json) {
    String key = key(Json.text(json, "key"));
    Expectation expected = ExpectationJson.read(json);
    if (!json.has("new")) {
      throw ApiException.malformed("field 'new' is required");
    }
    byte[] newValue = value(json.get("new"));
    Optional<Fence> fence = Optional.empty();
    JsonNode f = json.get("fence");
    if (f != null && !f.isNull()) {
      if (!f.path("lock").isString() || !f.path("token").isIntegralNumber()) {
        throw ApiException.malformed("fence must be {\"lock\": name, \"token\": n}");
      }
      fence = Optional.of(new Fence(f.get("lock").asString(), f.get("token").asLong()));
    }
    return new KeyOp.Cas(key, expected, newValue, fence);
  }

  /** A batch get's {@code keys}: an array of at most {@value #MAX_BATCH_GET_KEYS} keys. */
  List<String> keys(JsonNode keys) {
    if (keys == null || !keys.isArray()) {
      throw ApiException.malformed("field 'keys' must be an array of strings");
    }
    if (keys.size() > MAX_BATCH_GET_KEYS) {
      throw ApiException.malformed("at most " + MAX_BATCH_GET_KEYS + " keys per batch");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode k : keys) {
      if (!k.isString()) {
        throw ApiException.malformed("field 'keys' must be an array of strings");
      }
      list.add(key(k.asString()));
    }
    return list;
  }

  /**
   * A batch's {@code ops}: one to {@code MAX_BATCH_OPS} operations. A bad operation refuses the
   * whole batch, with its index in the detail and as the problem's {@code index} member.
   */
  List<KeyOp> ops(JsonNode ops) {
    if (ops == null || !ops.isArray()) {
      throw ApiException.malformed("field 'ops' must be an array of operations");
    }
    if (ops.isEmpty()) {
      throw ApiException.malformed("field 'ops' must hold at least one operation");
    }
    if (ops.size() > maxBatchOps) {
      throw new ApiException(
          Failure.BATCH_TOO_LARGE,
          ops.size() + " operations; at most " + maxBatchOps + " per batch");
    }
    List<KeyOp> list = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      try {
        list.add(op(ops.get(i)));
      } catch (ApiException refused) {
        throw new ApiException(
            refused.failure(), "operation " + i + ": " + refused.getMessage(), Map.of("index", i));
      }
    }
    return list;
  }

  private KeyOp op(JsonNode node) {
    if (!node.isObject()) {
      throw ApiException.malformed("an operation must be a JSON object");
    }
    ObjectNode json = (ObjectNode) node;
    String kind = Json.text(json, "op");
    return switch (kind) {
      case "get" -> new KeyOp.Get(key(Json.text(json, "key")));
      case "put" -> put(key(Json.text(json, "key")), json);
      case "delete" -> new KeyOp.Write(key(Json.text(json, "key")), null);
      case "cas" -> cas(json);
      default ->
          throw ApiException.malformed("unknown op '" + kind + "' (one of get, put, delete, cas)");
    };
  }
}
