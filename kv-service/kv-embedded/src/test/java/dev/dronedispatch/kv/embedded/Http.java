package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.kv.client.http.UriEncoding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Raw HTTP for tests: talks to the coordinator or straight to one node, as the original's curl. */
final class Http {

  static final ObjectMapper M = JsonMapper.builder().build();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  record Res(int status, JsonNode body, String raw) {}

  private Http() {}

  static JsonNode json(String s) {
    return M.readTree(s);
  }

  static String enc(String key) {
    return UriEncoding.encode(key);
  }

  static Res get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static Res put(String url, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  static Res post(String url, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)));
  }

  static Res delete(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  static Res send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r =
          CLIENT.send(
              b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body = r.body().isEmpty() ? null : M.readTree(r.body());
      } catch (RuntimeException e) {
        body = null;
      }
      return new Res(r.statusCode(), body, r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code condition} holds or the deadline passes (no fixed sleeps). */
  static boolean eventually(Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException ignored) {
        // not yet
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
