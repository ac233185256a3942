package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.client.http.UriEncoding;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Raw HTTP for tests: talks to the coordinator or straight to one node, as the original's curl. */
final class Http {

  static final ObjectMapper M = KvJson.MAPPER;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** An answer; {@code body} is null when the body is not JSON. */
  record Res(int status, Map<String, List<String>> headers, JsonNode body, String raw) {

    /** The header's first value, or null; names are case-insensitive. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** Per server (scheme, host and port) the token its requests carry unless they set their own. */
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private Http() {}

  /** From now on requests to {@code baseUrl} carry {@code Authorization: Bearer <token>}. */
  static void authorize(String baseUrl, String token) {
    TOKENS.put(base(URI.create(baseUrl)), token);
  }

  /** The cluster's coordinator gets its client token, its nodes their node token. */
  static LocalKvCluster authorize(LocalKvCluster cluster) {
    authorize(cluster.coordinatorUrl(), cluster.clientToken());
    cluster.nodeUrls().forEach(n -> authorize(n, cluster.nodeToken()));
    return cluster;
  }

  /** The header line carrying {@code baseUrl}'s registered token, for raw requests ("" if none). */
  static String authorizationLine(String baseUrl) {
    String token = TOKENS.get(base(URI.create(baseUrl)));
    return token == null ? "" : "Authorization: Bearer " + token + "\r\n";
  }

  private static String base(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
  }

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

  /** Sends with the server's registered token, unless the request names its own. */
  static Res send(HttpRequest.Builder b) {
    HttpRequest request = b.timeout(Duration.ofSeconds(10)).build();
    String token = TOKENS.get(base(request.uri()));
    if (token != null && request.headers().firstValue("Authorization").isEmpty()) {
      request =
          HttpRequest.newBuilder(request, (name, value) -> true)
              .header("Authorization", "Bearer " + token)
              .build();
    }
    return exchange(request);
  }

  /** Sends exactly {@code b}: no registered token is added. */
  static Res anonymous(HttpRequest.Builder b) {
    return exchange(b.timeout(Duration.ofSeconds(10)).build());
  }

  private static Res exchange(HttpRequest request) {
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      Map<String, List<String>> headers = new HashMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
      return res(r.statusCode(), headers, r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code request} as raw bytes on a fresh connection to {@code baseUrl}'s host and port and
   * reads the answer up to the connection's close: for requests no HTTP client would send.
   */
  static Res raw(String baseUrl, String request) {
    URI uri = URI.create(baseUrl);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = answer.indexOf("\r\n\r\n");
      String[] head = answer.substring(0, end).split("\r\n");
      Map<String, List<String>> headers = new HashMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers
            .computeIfAbsent(
                head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(head[i].substring(colon + 1).trim());
      }
      return res(Integer.parseInt(head[0].split(" ")[1]), headers, answer.substring(end + 4));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Res res(int status, Map<String, List<String>> headers, String raw) {
    JsonNode body;
    try {
      body = raw.isEmpty() ? null : M.readTree(raw);
    } catch (RuntimeException e) {
      body = null;
    }
    return new Res(status, headers, body, raw);
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
