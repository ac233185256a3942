package dev.dronedispatch.kv.web;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the KV servers, and small helpers to read request fields strictly. */
public final class Json {

  public static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

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
      node = MAPPER.readTree(body);
    } catch (tools.jackson.core.JacksonException e) {
      throw ApiException.malformed("malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.malformed("request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  public static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  public static JsonNode tree(byte[] json) {
    return MAPPER.readTree(json);
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
