package dev.dronedispatch.kv.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An HTTP answer: status, content type, body bytes and extra headers. */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

  public static Reply json(int status, JsonNode body) {
    return new Reply(status, "application/json", Json.bytes(body), Map.of());
  }

  public static Reply json(JsonNode body) {
    return json(200, body);
  }

  public static Reply rawJson(int status, byte[] body) {
    return new Reply(status, "application/json", body, Map.of());
  }

  public static Reply text(String contentType, String body) {
    return new Reply(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public static Reply problem(int status, String error, String detail) {
    return json(
        status, Json.object().put("error", error).put("detail", detail).put("status", status));
  }
}
