package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets a 4xx problem and writes nothing — a batch's bad operation refuses the whole batch
 * and is named by its index; every server has its operational endpoints and keeps an HTTP/1.0
 * client's keep-alive connection.
 */
class RequestLimitsTest {

  @TempDir static Path dir;
  static LocalKvCluster cluster;
  static String front;

  @BeforeAll
  static void start() {
    cluster = Http.authorize(LocalKvCluster.start(dir));
    front = cluster.coordinatorUrl();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static void assertProblem(Http.Res r, int status) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.body()).as(r.raw()).isNotNull();
    assertThat(r.body().path("detail").asString()).isNotEmpty();
    assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aKeyOver512BytesIsRefusedAndNotWritten() {
    String key = "k".repeat(513);
    assertProblem(Http.put(front + "/kv/" + key, "{\"value\":1}"), 413);
    assertProblem(Http.get(front + "/kv/" + key), 413);
    String ok = "k".repeat(512);
    assertThat(Http.put(front + "/kv/" + ok, "{\"value\":1}").status()).isEqualTo(200);
  }

  @Test
  void aValueOver1MiBIsRefusedAndNotWritten() {
    String big = "\"" + "x".repeat(1024 * 1024) + "\"";
    assertProblem(Http.put(front + "/kv/big", "{\"value\":" + big + "}"), 413);
    assertThat(Http.get(front + "/kv/big").status()).isEqualTo(404);
    String huge = "\"" + "x".repeat(3 * 1024 * 1024) + "\"";
    assertProblem(Http.put(front + "/kv/big", "{\"value\":" + huge + "}"), 413);
    assertProblem(
        Http.post(front + "/kv/cas", "{\"key\":\"big\",\"old\":null,\"new\":" + big + "}"), 413);
    assertThat(Http.get(front + "/kv/big").status()).isEqualTo(404);
  }

  @Test
  void malformedJsonAndMissingFieldsAre400() {
    assertProblem(Http.put(front + "/kv/bad", "{\"value\":"), 400);
    assertProblem(Http.put(front + "/kv/bad", "[1,2]"), 400);
    assertProblem(Http.put(front + "/kv/bad", "{\"val\":1}"), 400);
    assertProblem(Http.post(front + "/kv/cas", "{\"key\":\"bad\",\"new\":1}"), 400);
    assertProblem(Http.post(front + "/kv/cas", "{\"old\":null,\"new\":1}"), 400);
    assertProblem(Http.post(front + "/kv/batch", "{\"keys\":\"nope\"}"), 400);
    assertProblem(Http.get(front + "/kv?prefix=a&limit=0"), 400);
    assertProblem(Http.post(front + "/lock/acquire/x?ttl_sec=-1", null), 400);
    assertProblem(Http.post(front + "/lock/release/x", null), 400);
    assertProblem(Http.get(front + "/kv/" + enc("nul\u0000key")), 400);
    assertProblem(
        Http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(front + "/kv/bad"))
                .header("Content-Type", "text/plain")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":1}"))),
        415);
    assertThat(Http.get(front + "/kv/bad").status()).isEqualTo(404);
    assertProblem(Http.get(front + "/no/such/route"), 404);
  }

  @Test
  void aNodeRefusesOperationBatchesItCannotRead() {
    String node = cluster.nodeUrls().get(0);
    assertProblem(Http.post(node + "/ops", "{\"ops\":[]}"), 415);
    assertProblem(
        Http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(node + "/ops"))
                .header("Content-Type", "application/x-kv-ops")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {0, 0, 0, 1, 9}))),
        400);
  }

  @Test
  void originalFieldsAreKeptInAnswers() {
    assertThat(Http.get(front + "/kv/never-written").body().path("detail").asString())
        .isEqualTo("Key not found");
    var put = Http.put(front + "/kv/orig", "{\"value\":{\"a\":1}}").body();
    assertThat(put.path("ok").asBoolean()).isTrue();
    assertThat(put.path("written").asInt()).isEqualTo(2);
    assertThat(put.path("rf").asInt()).isEqualTo(2);
    var cas = Http.post(front + "/kv/cas", "{\"key\":\"orig\",\"old\":{\"a\":2},\"new\":3}").body();
    assertThat(cas.path("ok").asBoolean()).isFalse();
    assertThat(cas.path("current").path("a").asInt()).isEqualTo(1);
    var health = Http.get(front + "/health").body();
    assertThat(health.path("status").asString()).isEqualTo("ok");
    assertThat(health.path("backends").asInt()).isEqualTo(3);
    assertThat(health.path("rf").asInt()).isEqualTo(2);
    var ring = Http.get(front + "/ring").body();
    assertThat(ring.path("nodes").size()).isEqualTo(3);
    // a stored JSON null is a delete
    Http.put(front + "/kv/orig", "{\"value\":null}");
    assertThat(Http.get(front + "/kv/orig").status()).isEqualTo(404);
  }

  @Test
  void everyServerExposesHealthMetricsAndOpenApi() {
    for (String url : new String[] {front, cluster.nodeUrls().get(0)}) {
      var health = Http.get(url + "/actuator/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body().path("status").asString()).isEqualTo("UP");
      assertThat(Http.get(url + "/actuator/health/liveness").status()).isEqualTo(200);
      assertThat(Http.get(url + "/actuator/health/readiness").status()).isEqualTo(200);
      var prom = Http.get(url + "/actuator/prometheus");
      assertThat(prom.status()).isEqualTo(200);
      assertThat(prom.raw()).contains("jvm_memory_used_bytes");
      assertThat(Http.get(url + "/v3/api-docs").body().path("openapi").asString()).startsWith("3.");
    }
    Http.put(front + "/kv/metrics-probe", "{\"value\":1}");
    assertThat(Http.get(front + "/actuator/prometheus").raw())
        .contains("kv_coordinator_http_requests_seconds_count")
        .contains("kv_hints_pending");
    assertThat(Http.get(cluster.nodeUrls().get(0) + "/actuator/prometheus").raw())
        .contains("cache_size");
  }

  static Http.Res batch(String ops) {
    return Http.post(front + "/kv/batch", "{\"ops\":[" + ops + "]}");
  }

  static void assertProblem(Http.Res r, int status, String type) {
    assertProblem(r, status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.body().path("type").asString())
        .isEqualTo("https://dronedispatch.dev/problems/" + type);
    assertThat(r.body().path("status").asInt()).isEqualTo(status);
  }

  @Test
  void aBadOperationRefusesTheWholeBatchNamingItsIndex() {
    Http.Res r =
        batch(
            "{\"op\":\"get\",\"key\":\"b:x\"},"
                + "{\"op\":\"put\",\"key\":\"b:refused\",\"value\":1},"
                + "{\"op\":\"cas\",\"key\":\"b:x\",\"new\":1}");
    assertProblem(r, 400, "bad-request");
    assertThat(r.body().path("detail").asString()).startsWith("operation 2: ");
    assertThat(r.body().path("index").asInt()).isEqualTo(2);
    assertThat(Http.get(front + "/kv/b:refused").status()).isEqualTo(404);

    Http.Res unknown = batch("{\"op\":\"increment\",\"key\":\"b:x\"}");
    assertProblem(unknown, 400, "bad-request");
    assertThat(unknown.body().path("index").asInt()).isZero();

    Http.Res longKey =
        batch(
            "{\"op\":\"get\",\"key\":\"b:x\"},{\"op\":\"get\",\"key\":\""
                + "k".repeat(513)
                + "\"}");
    assertProblem(longKey, 413, "kv-key-too-large");
    assertThat(longKey.body().path("index").asInt()).isEqualTo(1);
  }

  @Test
  void emptyAmbiguousAndOversizedBatchesAreRefused() {
    Http.Res empty = batch("");
    assertProblem(empty, 400, "bad-request");
    assertThat(empty.body().has("index")).isFalse();
    assertProblem(Http.post(front + "/kv/batch", "{\"ops\":[],\"keys\":[]}"), 400, "bad-request");
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      ops.add("{\"op\":\"get\",\"key\":\"b:" + i + "\"}");
    }
    Http.Res tooMany = batch(String.join(",", ops));
    assertProblem(tooMany, 413, "kv-batch-too-large");
    assertThat(tooMany.body().path("detail").asString()).contains("256");
    assertThat(batch(String.join(",", ops.subList(0, 256))).status()).isEqualTo(200);
  }

  /** Sends {@code requests} in one write and reads every answer up to the server's close. */
  static String exchange(String baseUrl, String requests) throws IOException {
    URI uri = URI.create(baseUrl);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static int answers(String raw) {
    Matcher m = Pattern.compile("HTTP/1\\.0 200 OK").matcher(raw);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void anHttp10ClientAskingForKeepAliveKeepsItsConnection() throws IOException {
    String keepAlive = "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    String last = "GET /health HTTP/1.0\r\n\r\n";
    for (String url : new String[] {cluster.coordinatorUrl(), cluster.nodeUrls().get(0)}) {
      String raw = exchange(url, keepAlive + keepAlive + last);
      assertThat(answers(raw)).as(raw).isEqualTo(3);
      assertThat(raw).contains("Connection: keep-alive");
      assertThat(answers(exchange(url, last + keepAlive))).isEqualTo(1);
    }
  }
}
