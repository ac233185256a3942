package dev.dronedispatch.kv.web;

import dev.dronedispatch.kv.client.KvJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON helpers of the KV servers (on {@link KvJson}'s mapper): trees, and request fields read
 * strictly.
 */
public final class Json {

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses a request body as a JSON object; 400 when it is not one. */
  public static ObjectNode parseObject(byte[] body) {
    if (body.length == 0) {
      throw ApiException.malformed("request body must be a JSON object");
    }
    JsonNode node;
    try {
      node = KvJson.MAPPER.readTree(body);
    } catch (tools.jackson.core.JacksonException e) {
      throw ApiException.malformed("malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.malformed("request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  public static byte[] bytes(JsonNode node) {
    return KvJson.MAPPER.writeValueAsBytes(node);
  }

  public static JsonNode tree(byte[] json) {
    return KvJson.MAPPER.readTree(json);
  }

  public static String text(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isString()) {
      throw ApiException.malformed("field '" + field + "' must be a string");
    }
    return n.asString();
  }

  public static long longField(ObjectNode body, String field, long fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isIntegralNumber()) {
      throw ApiException.malformed("field '" + field + "' must be an integer");
    }
    return n.asLong();
  }
}
