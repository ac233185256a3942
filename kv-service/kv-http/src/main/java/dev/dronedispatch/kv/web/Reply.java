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

  public static Reply problem(Problem problem) {
    return new Reply(problem.status(), Problem.MEDIA_TYPE, problem.toJson(), Map.of());
  }

  /** This answer with one more header. */
  public Reply withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, contentType, body, Map.copyOf(more));
  }
}
