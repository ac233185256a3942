package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.kv.coordinator.CoordinatorConfig;
import dev.dronedispatch.kv.coordinator.CoordinatorServer;
import dev.dronedispatch.kv.web.Access;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

/**
 * Every kind of bad request, sent to the real servers over HTTP, is answered with an RFC 9457
 * problem: the status, {@code application/problem+json}, and type, title, status, detail — also
 * when the HTTP decoder, not a route, refuses it.
 */
class ProblemResponsesTest {

  @TempDir static Path dir;
  static LocalKvCluster cluster;
  static String front;
  static String node;

  /** A coordinator with a token whose only node is never reachable. */
  static CoordinatorServer isolated;

  static final String TOKEN = "s3cret";

  @BeforeAll
  static void start() {
    cluster = Http.authorize(LocalKvCluster.start(dir.resolve("cluster")));
    front = cluster.coordinatorUrl();
    node = cluster.nodeUrls().get(0);
    isolated =
        CoordinatorServer.start(
            CoordinatorConfig.local(
                List.of("gone=http://127.0.0.1:1"),
                dir.resolve("isolated"),
                new Access.Bearer(TOKEN),
                Access.Bearer.generate()));
  }

  @AfterAll
  static void stop() {
    isolated.close();
    cluster.close();
  }

  record Case(String name, Supplier<Http.Res> send, int status, String type) {}

  static Case of(String name, Supplier<Http.Res> send, int status, String type) {
    return new Case(name, send, status, type);
  }

  static Http.Res send(String method, String url, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return Http.send(b);
  }

  static Http.Res authorized(String method, String path) {
    return Http.send(
        HttpRequest.newBuilder(URI.create(isolated.url() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** A request on a raw connection to {@code base}, with {@code extra} header lines. */
  static Http.Res raw(String base, String requestLine, String extra) {
    return Http.raw(
        base,
        requestLine + "\r\nHost: localhost\r\n" + Http.authorizationLine(base) + extra + "\r\n");
  }

  static List<Case> casesFor(String server) {
    String bigBody = "{\"value\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
    return List.of(
        of(
            "bad percent-encoding in the key",
            () -> raw(server, "GET /kv/bad%zzkey HTTP/1.1", "Connection: close\r\n"),
            400,
            "bad-request"),
        of(
            "malformed JSON",
            () -> Http.put(server + "/kv/problem", "{\"value\":"),
            400,
            "bad-request"),
        of(
            "JSON that is not an object",
            () -> Http.put(server + "/kv/problem", "[1]"),
            400,
            "bad-request"),
        of(
            "a body that is not JSON",
            () -> send("PUT", server + "/kv/problem", "text/plain", "{\"value\":1}"),
            415,
            "unsupported-media-type"),
        of(
            "a body over the limit",
            () -> send("PUT", server + "/kv/problem", "application/json", bigBody),
            413,
            "content-too-large"),
        of("a key never written", () -> Http.get(server + "/kv/never"), 404, "kv-key-not-found"),
        of("an unknown route", () -> Http.get(server + "/no/such/route"), 404, "not-found"),
        of(
            "a method the path does not offer",
            () -> send("PATCH", server + "/kv/problem", "application/json", "{}"),
            405,
            "method-not-allowed"),
        of(
            "a request line over 64 KiB",
            () -> raw(server, "GET /kv/" + "k".repeat(70 * 1024) + " HTTP/1.1", ""),
            414,
            "uri-too-long"),
        of(
            "headers over 8 KiB",
            () -> raw(server, "GET /health HTTP/1.1", "X-Big: " + "h".repeat(10 * 1024) + "\r\n"),
            431,
            "header-fields-too-large"),
        of(
            "a request line that is not HTTP",
            () -> raw(server, "THIS IS NOT HTTP AT ALL", ""),
            400,
            "bad-request"),
        of(
            "a chunked body with a broken chunk size",
            () ->
                raw(
                    server,
                    "PUT /kv/problem HTTP/1.1",
                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n"),
            400,
            "bad-request"),
        of(
            "a Content-Length that is not a number",
            () ->
                raw(
                    server,
                    "PUT /kv/problem HTTP/1.1",
                    "Content-Type: application/json\r\nContent-Length: lots\r\n"),
            400,
            "bad-request"));
  }

  static List<Case> coordinatorOnly() {
    return List.of(
        of(
            "NUL in a key",
            () -> Http.get(front + "/kv/" + enc("nul\u0000key")),
            400,
            "bad-request"),
        of(
            "a key over 512 bytes",
            () -> Http.get(front + "/kv/" + "k".repeat(513)),
            413,
            "kv-key-too-large"),
        of(
            "a value over 1 MiB",
            () ->
                Http.put(
                    front + "/kv/problem", "{\"value\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}"),
            413,
            "kv-value-too-large"),
        of(
            "a CAS without an expectation",
            () -> Http.post(front + "/kv/cas", "{\"key\":\"problem\",\"new\":1}"),
            400,
            "bad-request"),
        of("a bad scan limit", () -> Http.get(front + "/kv?limit=0"), 400, "bad-request"),
        of(
            "a lock release without owner",
            () -> Http.post(front + "/lock/release/x", null),
            400,
            "bad-request"),
        of("no bearer token", () -> Http.get(isolated.url() + "/kv/problem"), 401, "unauthorized"),
        of(
            "no node reachable for a read",
            () -> authorized("GET", "/kv/problem"),
            503,
            "kv-unavailable"),
        of(
            "no node reachable for a write",
            () -> authorized("DELETE", "/kv/problem"),
            503,
            "kv-unavailable"));
  }

  static List<Case> nodeOnly() {
    return List.of(
        of(
            "an operation batch of the wrong type",
            () -> Http.post(node + "/ops", "{\"ops\":[]}"),
            415,
            "unsupported-media-type"),
        of(
            "a malformed operation batch",
            () -> send("POST", node + "/ops", "application/x-kv-ops", "\u0000\u0000\u0000\u0001x"),
            400,
            "bad-request"),
        of(
            "a replicated write without ts or value",
            () -> Http.put(node + "/kv/problem", "{\"tombstone\":false}"),
            400,
            "bad-request"),
        of(
            "a digest request without ring points",
            () -> Http.post(node + "/digests", "{\"points\":[]}"),
            400,
            "bad-request"),
        of(
            "a digest request with unsorted points",
            () -> Http.post(node + "/digests", "{\"points\":[5,3]}"),
            400,
            "bad-request"),
        of(
            "a versions request for a segment the ring does not have",
            () -> Http.post(node + "/digests/versions", "{\"points\":[5],\"segments\":[1]}"),
            400,
            "bad-request"));
  }

  @Test
  void everyKindOfBadRequestGetsAProblemBody() {
    SoftAssertions soft = new SoftAssertions();
    check(soft, "coordinator", casesFor(front));
    check(soft, "coordinator", coordinatorOnly());
    check(soft, "node", casesFor(node));
    check(soft, "node", nodeOnly());
    soft.assertAll();
  }

  static void check(SoftAssertions soft, String server, List<Case> cases) {
    for (Case c : cases) {
      Http.Res r = c.send().get();
      String what = server + ", " + c.name() + ": " + abbreviated(r.raw());
      soft.assertThat(r.status()).as(what).isEqualTo(c.status());
      soft.assertThat(r.header("Content-Type")).as(what).isEqualTo("application/problem+json");
      soft.assertThat(r.body()).as(what).isNotNull();
      if (r.body() != null) {
        soft.assertThat(r.body().path("type").asString())
            .as(what)
            .isEqualTo("https://dronedispatch.dev/problems/" + c.type());
        soft.assertThat(r.body().path("title").asString()).as(what).isNotBlank();
        soft.assertThat(r.body().path("status").asInt()).as(what).isEqualTo(c.status());
        soft.assertThat(r.body().path("detail").asString()).as(what).isNotBlank();
      }
      soft.assertThat(r.raw()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  static String abbreviated(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  @Test
  void problemsCarryTheRequestPathAndTheHeadersTheirStatusCallsFor() {
    Http.Res notAllowed = send("PATCH", front + "/kv/problem", "application/json", "{}");
    assertThat(notAllowed.header("Allow")).isEqualTo("GET, PUT, DELETE");
    assertThat(notAllowed.body().path("instance").asString()).isEqualTo("/kv/problem");
    assertThat(Http.get(isolated.url() + "/kv/x").header("WWW-Authenticate")).isEqualTo("Bearer");
    // the original's detail for an absent key is kept
    assertThat(Http.get(front + "/kv/never").body().path("detail").asString())
        .isEqualTo("Key not found");
  }

  @Test
  void theClientStillTurnsProblemsIntoItsExceptions() {
    try (HttpKvClient client = cluster.newClient()) {
      assertThat(client.get("never-written").block()).isEmpty();
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> client.put("k".repeat(513), IntNode.valueOf(1)).block()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("key exceeds 512 bytes");
    }
    try (HttpKvClient client =
        HttpKvClient.create(
            isolated.url(),
            KvClientSettings.defaults()
                .withAuthToken(TOKEN)
                .withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)))) {
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> client.put("problem", IntNode.valueOf(1)).block()))
          .isInstanceOf(KvUnavailableException.class)
          .hasMessageContaining("503");
    }
  }
}
