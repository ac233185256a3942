package dev.dronedispatch.simulator.management;

import com.sun.net.httpserver.HttpExchange;
import dev.dronedispatch.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Answers of the simulator's HTTP ports: JSON bodies and RFC 9457 problems. */
final class HttpReplies {

  private HttpReplies() {}

  static void problem(HttpExchange exchange, int status, String title, String detail)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", exchange.getRequestURI().getPath());
    send(exchange, status, "application/problem+json", json(body));
  }

  static byte[] json(Object body) {
    return Json.mapper().writeValueAsBytes(body);
  }

  static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
