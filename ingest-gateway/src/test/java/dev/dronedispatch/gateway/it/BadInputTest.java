package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.kv.KvKeys;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Bad requests to POST /deliveries: each answers its status with an RFC 9457 problem naming the
 * field, and stores nothing.
 */
class BadInputTest {

  private static final String OK_ORIGIN = "{\"lat\":41.9,\"lon\":12.45}";
  private static final String OK_DEST = "{\"lat\":41.85,\"lon\":12.55}";

  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
  }

  static String body(String origin, String destination, String weight) {
    return "{\"origin\":"
        + origin
        + ",\"destination\":"
        + destination
        + ",\"weight\":"
        + weight
        + "}";
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"origin\":", "application/json", 400, null),
        Arguments.of(
            "trailing garbage", body(OK_ORIGIN, OK_DEST, "2") + "x", "application/json", 400, null),
        Arguments.of("empty body", "", "application/json", 400, null),
        Arguments.of("wrong content type", body(OK_ORIGIN, OK_DEST, "2"), "text/plain", 415, null),
        Arguments.of("no content type", body(OK_ORIGIN, OK_DEST, "2"), null, 415, null),
        Arguments.of("body is an array", "[1,2]", "application/json", 422, "body"),
        Arguments.of(
            "origin missing",
            "{\"destination\":" + OK_DEST + ",\"weight\":2}",
            "application/json",
            422,
            "origin"),
        Arguments.of(
            "origin not an object", body("5", OK_DEST, "2"), "application/json", 422, "origin"),
        Arguments.of(
            "lat above 90",
            body("{\"lat\":91,\"lon\":12.45}", OK_DEST, "2"),
            "application/json",
            422,
            "origin.lat"),
        Arguments.of(
            "lon below -180",
            body(OK_ORIGIN, "{\"lat\":41.85,\"lon\":-181}", "2"),
            "application/json",
            422,
            "destination.lon"),
        Arguments.of(
            "lat a string",
            body("{\"lat\":\"41.9\",\"lon\":12.45}", OK_DEST, "2"),
            "application/json",
            422,
            "origin.lat"),
        Arguments.of(
            "lon missing",
            body("{\"lat\":41.9}", OK_DEST, "2"),
            "application/json",
            422,
            "origin.lon"),
        Arguments.of(
            "origin north of the area",
            body("{\"lat\":42.5,\"lon\":12.45}", OK_DEST, "2"),
            "application/json",
            422,
            "origin.lat"),
        Arguments.of(
            "destination west of the area",
            body(OK_ORIGIN, "{\"lat\":41.85,\"lon\":12.0}", "2"),
            "application/json",
            422,
            "destination.lon"),
        Arguments.of(
            "weight zero", body(OK_ORIGIN, OK_DEST, "0"), "application/json", 422, "weight"),
        Arguments.of(
            "weight negative", body(OK_ORIGIN, OK_DEST, "-1.5"), "application/json", 422, "weight"),
        Arguments.of(
            "weight over the heaviest class",
            body(OK_ORIGIN, OK_DEST, "15.01"),
            "application/json",
            422,
            "weight"),
        Arguments.of(
            "weight a string",
            body(OK_ORIGIN, OK_DEST, "\"3\""),
            "application/json",
            422,
            "weight"),
        Arguments.of(
            "weight missing",
            "{\"origin\":" + OK_ORIGIN + ",\"destination\":" + OK_DEST + "}",
            "application/json",
            422,
            "weight"),
        Arguments.of(
            "weight overflowing a double",
            body(OK_ORIGIN, OK_DEST, "1e400"),
            "application/json",
            422,
            "weight"),
        Arguments.of(
            "body over 16 KiB",
            "{\"pad\":\"" + "x".repeat(17 * 1024) + "\"}",
            "application/json",
            413,
            null));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("badBodies")
  void badBodyIsAProblemNamingTheFieldAndStoresNothing(
      String name, String body, String contentType, int status, String field) {
    int before = Kv.scanAll(cluster.kv(), KvKeys.DELIVERIES_BY_TIME_PREFIX).size();
    Http.Response r =
        Http.post(
            cluster.a().url() + "/deliveries",
            body,
            contentType,
            Map.of("Idempotency-Key", "bad-" + name.hashCode()));
    assertThat(r.status()).as(name).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = r.json();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    if (field != null) {
      assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
    }
    assertThat(Kv.scanAll(cluster.kv(), KvKeys.DELIVERIES_BY_TIME_PREFIX)).hasSize(before);
    assertThat(cluster.kv().get(KvKeys.idempotency("bad-" + name.hashCode())).block()).isEmpty();
  }

  static Stream<Arguments> badHeaders() {
    return Stream.of(
        Arguments.of("Idempotency-Key", "has space", 400),
        Arguments.of("Idempotency-Key", "x".repeat(256), 400));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("badHeaders")
  void badIdempotencyKeyIs400(String header, String value, int status) {
    Http.Response r =
        Http.postJson(
            cluster.a().url() + "/deliveries",
            body(OK_ORIGIN, OK_DEST, "2"),
            Map.of(header, value));
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() throws Exception {
    byte[] big = ("{\"pad\":\"" + "x".repeat(20 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(cluster.a().url() + "/deliveries"))
            .header("Content-Type", "application/json")
            .header("X-Api-Key", GatewayCluster.API_KEY)
            // an input stream publisher has no length: the body is sent chunked
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  @Test
  void unknownPathsAndMethodsAreProblemsToo() {
    // as the operator, who may look anywhere (a client is refused unknown paths: 403)
    Http.Response missing = Http.get(cluster.a().url() + "/no/such/thing", Http.operator());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    Http.Response wrongMethod =
        Http.post(cluster.a().url() + "/zones", "{}", "application/json", Map.of());
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().get("status").asInt()).isEqualTo(405);
  }
}
