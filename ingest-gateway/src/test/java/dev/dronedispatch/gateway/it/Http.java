package dev.dronedispatch.gateway.it;

import dev.dronedispatch.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A small blocking HTTP client for tests: real requests over loopback. */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  /** A response with its body parsed as JSON when it is JSON. */
  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonNode json() {
      return Json.mapper().readTree(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private Http() {}

  /**
   * What a request carries unless it names a credential itself: the operator's login where only
   * people may go (the operator surfaces, the stream, the dashboard), else the order client's key.
   */
  static Map<String, String> defaultCredential(String path) {
    boolean people =
        path.startsWith("/actuator")
            || path.startsWith("/v3/")
            || path.startsWith("/swagger")
            || path.equals("/stream")
            || path.equals("/")
            || path.startsWith("/dashboard");
    return people ? operator() : Map.of("X-Api-Key", GatewayCluster.API_KEY);
  }

  /** The operator's HTTP Basic header. */
  public static Map<String, String> operator() {
    String pair = GatewayCluster.OPERATOR + ":" + GatewayCluster.OPERATOR_PASSWORD;
    return Map.of(
        "Authorization",
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  public static Response get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), Map.of());
  }

  public static Response get(String url, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
  }

  public static Response postJson(String url, String body, Map<String, String> headers) {
    return post(url, body, "application/json", headers);
  }

  public static Response post(
      String url, String body, String contentType, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b, headers);
  }

  private static Response send(HttpRequest.Builder b, Map<String, String> headers) {
    headers.forEach(b::header);
    if (!headers.containsKey("X-Api-Key") && !headers.containsKey("Authorization")) {
      defaultCredential(b.copy().build().uri().getPath()).forEach(b::header);
    }
    b.timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
