package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * A catalogue of malformed requests, sent byte for byte over a socket to a real gateway: none may
 * answer 5xx, and every refusal is an RFC 9457 problem ({@code application/problem+json} with
 * {@code status}, {@code title} and {@code detail}), whichever layer refused it.
 */
class MalformedRequestTest {

  private static final String ORDER =
      "{\"origin\":{\"lat\":41.9,\"lon\":12.45},\"destination\":{\"lat\":41.85,\"lon\":12.55},"
          + "\"weight\":2}";
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
  }

  private static Arguments get(String name, String target, int status) {
    return Arguments.of(name, "GET", target, Map.of(), null, status);
  }

  private static Arguments get(
      String name, String target, Map<String, String> headers, int status) {
    return Arguments.of(name, "GET", target, headers, null, status);
  }

  private static Arguments post(String name, Map<String, String> headers, String body, int status) {
    return Arguments.of(name, "POST", "/deliveries", headers, body, status);
  }

  static Stream<Arguments> catalogue() {
    return Stream.of(
        // Content-Type and Accept
        post("two media types", Map.of("Content-Type", "application/json, text/plain"), ORDER, 415),
        post("media type without subtype", Map.of("Content-Type", "application/"), ORDER, 415),
        post("media type without slash", Map.of("Content-Type", "json"), ORDER, 415),
        post("empty content type", Map.of("Content-Type", ""), ORDER, 415),
        post(
            "JSON in UTF-16",
            Map.of("Content-Type", "application/json; charset=utf-16"),
            ORDER,
            415),
        post(
            "unknown charset",
            Map.of("Content-Type", "application/json;charset=klingon"),
            ORDER,
            415),
        post("text body", Map.of("Content-Type", "text/plain"), ORDER, 415),
        post(
            "only HTML accepted",
            Map.of("Content-Type", "application/json", "Accept", "text/html"),
            ORDER,
            406),
        post(
            "malformed Accept on POST",
            Map.of("Content-Type", "application/json", "Accept", "application/"),
            ORDER,
            406),
        get("XML wanted", "/deliveries", Map.of("Accept", "application/xml"), 406),
        get("malformed Accept", "/drones", Map.of("Accept", "not a media type"), 406),
        get("malformed quality", "/zones", Map.of("Accept", "application/json;q=high"), 406),
        get("JSON wanted from the stream", "/stream", Map.of("Accept", "application/json"), 406),
        // ids in paths
        get("NUL delivery id", "/deliveries/%00", 400),
        get("3,000-character drone id", "/drones/" + "d".repeat(3000), 400),
        get("129-character delivery id", "/deliveries/" + "a".repeat(129), 400),
        get("invalid percent-encoding", "/deliveries/%ZZ", 400),
        get("space in an id", "/deliveries/a%20b", 400),
        get("CR LF in an id", "/drones/drone-1%0D%0AX-Injected:%20yes", 400),
        get("emoji id", "/drones/%F0%9F%9A%81", 400),
        get("dot-dot id", "/deliveries/%2E%2E", 400),
        get("slash in an id", "/drones/a%2Fb", 400),
        // query parameters
        get("limit not a number", "/deliveries?limit=abc", 422),
        get("limit NUL", "/deliveries?limit=%00", 422),
        get("limit overflowing an int", "/deliveries?limit=99999999999999999999", 422),
        get("limit zero", "/deliveries?limit=0", 422),
        get("unknown status filter", "/deliveries?status=lost", 422),
        get("active listing over its cap", "/deliveries?status=active&limit=10001", 422),
        get("bad percent-encoding in the query", "/deliveries?limit=%G1", 400),
        get("raw space in the target", "/deliveries?limit=1 2", 400),
        // over the HTTP codec's limits
        get("request line over 4 KiB", "/drones/" + "d".repeat(5000), 414),
        get("header over 8 KiB", "/zones", Map.of("X-Pad", "p".repeat(10_000)), 431),
        // methods
        Arguments.of("DELETE a listing", "DELETE", "/deliveries", Map.of(), null, 405),
        Arguments.of("PUT a drone", "PUT", "/drones/drone-1", JSON, "{}", 405),
        Arguments.of("PATCH the zones", "PATCH", "/zones", JSON, "{}", 405),
        Arguments.of("POST to a delivery", "POST", "/deliveries/abc", JSON, ORDER, 405),
        // bodies
        post(
            "body over 16 KiB",
            Map.of("Content-Type", "application/json", "Expect", "100-continue"),
            "{\"pad\":\"" + "x".repeat(17 * 1024) + "\"}",
            413),
        post("truncated JSON", JSON, "{\"origin\":", 400),
        post("nested 5,000 deep", JSON, "[".repeat(5000) + "]".repeat(5000), 400),
        post(
            "a 5,000-digit weight",
            JSON,
            ORDER.replace("\"weight\":2", "\"weight\":" + "9".repeat(5000)),
            400),
        Arguments.of(
            "invalid UTF-8",
            "POST",
            "/deliveries",
            JSON,
            new String(
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                StandardCharsets.ISO_8859_1),
            400));
  }

  @ParameterizedTest(name = "{0}: {1} -> {5}")
  @MethodSource("catalogue")
  void everyRefusalIsAProblemAndNothingIsA5xx(
      String name,
      String method,
      String target,
      Map<String, String> headers,
      String body,
      int status) {
    // with the credential the path asks for: the refusals under test come after authentication
    Map<String, String> withKey = new java.util.LinkedHashMap<>(headers);
    int query = target.indexOf('?');
    Http.defaultCredential(query < 0 ? target : target.substring(0, query))
        .forEach(withKey::putIfAbsent);
    RawHttp.Response r =
        RawHttp.send(
            cluster.a().port(),
            method,
            target,
            withKey,
            body == null ? null : body.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(r.status()).as("%s: %s", name, r.body()).isLessThan(500).isEqualTo(status);
    assertThat(r.header("Content-Type")).as(name).startsWith("application/problem+json");
    JsonNode problem = r.json();
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asString()).isNotBlank();
    assertThat(problem.path("detail").asString()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
