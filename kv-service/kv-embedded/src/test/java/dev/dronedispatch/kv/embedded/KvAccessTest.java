package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpCodec;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Who may write: every state-changing endpoint of the coordinator and of a node, tried without a
 * credential, with a wrong one and with the other role's (a client's token on a node, the node
 * token on the coordinator), answers 401 with a problem and changes nothing; lock tokens are shown
 * only to the holder; malformed Authorization headers never cause a 5xx.
 */
class KvAccessTest {

  @TempDir static Path dir;
  static LocalKvCluster cluster;
  static HttpKvClient client;
  static String front;
  static String node;
  static LockLease lease;

  static final String KEY = "guarded";
  static final String LOCK = "guarded-lock";

  @BeforeAll
  static void start() {
    cluster = Http.authorize(LocalKvCluster.start(dir));
    client = cluster.newClient();
    front = cluster.coordinatorUrl();
    node = cluster.nodeUrls().get(0);
    client.put(KEY, StringNode.valueOf("original")).block();
    lease =
        ((LockResult.Acquired) client.acquireLock(LOCK, "holder", Duration.ofMinutes(5)).block())
            .lease();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  /** One write endpoint: method, path, content type and body. */
  record Write(String method, String path, String contentType, byte[] body) {

    static Write json(String method, String path, String body) {
      return new Write(
          method,
          path,
          "application/json",
          body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder to(String base) {
      return HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
  }

  static List<Write> coordinatorWrites() {
    return List.of(
        Write.json("PUT", "/kv/" + KEY, "{\"value\":\"stolen\"}"),
        Write.json("DELETE", "/kv/" + KEY, null),
        Write.json(
            "POST", "/kv/cas", "{\"key\":\"" + KEY + "\",\"old\":\"original\",\"new\":\"stolen\"}"),
        Write.json(
            "POST",
            "/kv/batch",
            "{\"ops\":[{\"op\":\"put\",\"key\":\"" + KEY + "\",\"value\":1}]}"),
        Write.json("POST", "/lock/acquire/" + LOCK + "?owner=thief", null),
        Write.json(
            "POST",
            "/lock/renew/" + LOCK + "?owner=holder&token=" + lease.token() + "&ttl_sec=1",
            null),
        Write.json("POST", "/lock/release/" + LOCK + "?owner=holder&token=" + lease.token(), null));
  }

  /** Including the writes that choose their own timestamp: the LWW-planting kind. */
  static List<Write> nodeWrites() {
    long farFuture = Long.MAX_VALUE / 2;
    StoredRecord planted =
        new StoredRecord(
            "\"planted\"".getBytes(StandardCharsets.UTF_8), 1_000_000, farFuture, false);
    List<Write> writes = new ArrayList<>(coordinatorWrites());
    writes.add(
        Write.json(
            "PUT", "/kv/" + KEY, "{\"value\":\"planted\",\"ts\":" + farFuture + ",\"version\":1}"));
    writes.add(
        new Write(
            "POST",
            "/ops",
            NodeOpCodec.MEDIA_TYPE,
            NodeOpCodec.encodeOps(List.of(new NodeOp.Apply(KEY, planted)))));
    return writes;
  }

  /** The credentials that must not pass, as Authorization values (null: no header at all). */
  static List<String> refused(String otherRolesToken) {
    List<String> values = new ArrayList<>();
    values.add(null);
    values.add("Bearer wrong-token");
    values.add("Bearer " + otherRolesToken);
    return values;
  }

  static Http.Res send(Write w, String base, String authorization) {
    HttpRequest.Builder b = w.to(base);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return Http.anonymous(b);
  }

  /** What a write could change, read with the right credentials. */
  static String state() {
    JsonNode copy = Http.get(front + "/kv/" + KEY).body();
    JsonNode lock = Http.get(front + "/lock/" + LOCK).body();
    List<String> nodeCopies = new ArrayList<>();
    for (String n : cluster.nodeUrls()) {
      nodeCopies.add(Http.get(n + "/kv/" + KEY + "?tombstones=true").raw());
    }
    return copy + " " + lock + " " + nodeCopies;
  }

  void assertRefusedWithoutChange(
      String server, String base, List<Write> writes, List<String> refused) {
    String before = state();
    SoftAssertions soft = new SoftAssertions();
    for (Write w : writes) {
      for (String authorization : refused) {
        Http.Res r = send(w, base, authorization);
        String what = server + " " + w.method() + " " + w.path() + " as " + authorization;
        soft.assertThat(r.status()).as(what).isEqualTo(401);
        soft.assertThat(r.header("Content-Type")).as(what).startsWith("application/problem+json");
        soft.assertThat(r.header("WWW-Authenticate")).as(what).isEqualTo("Bearer");
        soft.assertThat(r.body().path("type").asString()).as(what).endsWith("/unauthorized");
      }
    }
    soft.assertThat(state()).as("state after the refused writes").isEqualTo(before);
    soft.assertAll();
  }

  @Test
  void coordinatorWritesNeedTheClientToken() {
    assertRefusedWithoutChange(
        "coordinator", front, coordinatorWrites(), refused(cluster.nodeToken()));
  }

  @Test
  void nodeWritesNeedTheCoordinatorsToken() {
    assertRefusedWithoutChange("node", node, nodeWrites(), refused(cluster.clientToken()));
  }

  @Test
  void theHealthProbesStayOpen() {
    for (String base : List.of(front, node)) {
      assertThat(Http.anonymous(HttpRequest.newBuilder(URI.create(base + "/health"))).status())
          .isEqualTo(200);
      assertThat(
              Http.anonymous(HttpRequest.newBuilder(URI.create(base + "/actuator/health")))
                  .status())
          .isEqualTo(200);
      assertThat(
              Http.anonymous(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")))
                  .status())
          .isEqualTo(401);
    }
  }

  @Test
  void aLockTokenIsShownOnlyToItsHolder() {
    JsonNode seen = Http.get(front + "/lock/" + LOCK).body();
    assertThat(seen.path("held").asBoolean()).isTrue();
    assertThat(seen.path("owner").asString()).isEqualTo("holder");
    assertThat(seen.has("token")).isFalse();
    JsonNode refusedAcquire =
        Http.post(front + "/lock/acquire/" + LOCK + "?owner=other", null).body();
    assertThat(refusedAcquire.path("ok").asBoolean()).isFalse();
    assertThat(refusedAcquire.has("token")).isFalse();
    JsonNode wrongRenew =
        Http.post(
                front + "/lock/renew/" + LOCK + "?owner=holder&token=" + (lease.token() + 1), null)
            .body();
    assertThat(wrongRenew.path("ok").asBoolean()).isFalse();
    assertThat(wrongRenew.has("token")).isFalse();
    // the holder itself still renews with what it was given
    assertThat(client.renewLock(lease, Duration.ofMinutes(5)).block()).isPresent();
  }

  /**
   * Raw requests, so any byte can be in the header; every answer must be a 4xx problem. (Spaces
   * around the value are not part of it in HTTP, so the right token with a trailing space is the
   * right token and is not among the shapes.)
   */
  @Test
  void malformedAuthorizationHeadersNeverCauseAServerError() {
    Random random = new Random(17);
    String token = cluster.clientToken();
    List<Function<Random, String>> shapes =
        List.of(
            r -> "",
            r -> "Bearer",
            r -> "Bearer ",
            r -> "bearer " + token,
            r -> "Bearer  " + token,
            r -> "Bearer " + token + ";",
            r -> "Bearer " + token + "x",
            r -> "Bearer " + token.substring(0, token.length() - 1),
            r -> "Basic " + token,
            r -> token,
            r -> "Bearer " + token + ", Bearer " + token,
            r -> "Bearer " + "A".repeat(7000),
            r -> "Bearer \u00e9\u00ff\u0080" + token,
            r -> randomBytes(r, 1 + r.nextInt(200)));
    SoftAssertions soft = new SoftAssertions();
    for (int i = 0; i < 300; i++) {
      String base = i % 2 == 0 ? front : node;
      String value = shapes.get(random.nextInt(shapes.size())).apply(random);
      String request =
          (i % 3 == 0 ? "PUT /kv/" + KEY : i % 3 == 1 ? "POST /kv/cas" : "GET /kv/" + KEY)
              + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
              + "Content-Type: application/json\r\nContent-Length: 2\r\n"
              + "Authorization: "
              + value
              + "\r\n\r\n{}";
      Http.Res r = Http.raw(base, request);
      soft.assertThat(r.status()).as("Authorization: %s", printable(value)).isBetween(400, 499);
      soft.assertThat(r.header("Content-Type"))
          .as("Authorization: %s", printable(value))
          .startsWith("application/problem+json");
    }
    soft.assertAll();
    assertThat(Http.get(front + "/kv/" + KEY).body().path("value").asString())
        .isEqualTo("original");
  }

  /** Header-safe bytes (no CR or LF, which would end the header): printable and high ISO-8859-1. */
  static String randomBytes(Random r, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(2) == 0 ? 0x20 + r.nextInt(0x5f) : 0x80 + r.nextInt(0x80);
      b.append((char) c);
    }
    return b.toString();
  }

  static String printable(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + ")" : s;
  }
}
