package dev.dronedispatch.kv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpCodec;
import dev.dronedispatch.kv.ops.NodeOpResult;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.web.Access;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real node over real HTTP: its membership endpoints, and the fence on the coordinator routes.
 */
class MembershipHttpTest {

  static final String EPOCH_ONE = "{\"epoch\":1,\"members\":[{\"id\":\"a\"}]}";
  static final String EPOCH_TWO = "{\"epoch\":2,\"members\":[{\"id\":\"a\"},{\"id\":\"b\"}]}";

  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;
  NodeServer node;

  record Answer(int status, String contentType, byte[] body) {
    JsonNode json() {
      return KvJson.MAPPER.readTree(body);
    }
  }

  @BeforeEach
  void start() {
    node = startNode();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  NodeServer startNode() {
    return NodeServer.start(NodeConfig.local("node-a", dir.resolve("data"), new Access.Open()));
  }

  @Test
  void installsAMembershipAndAnswersItAgain() {
    assertThat(get("/membership").json()).isEqualTo(KvJson.MAPPER.readTree("{\"epoch\":0}"));

    Answer installed = putMembership(EPOCH_ONE);
    assertThat(installed.status()).isEqualTo(200);
    assertThat(installed.json()).isEqualTo(KvJson.MAPPER.readTree(EPOCH_ONE));
    // a retried install of the same membership
    assertThat(putMembership(EPOCH_ONE).status()).isEqualTo(200);
    assertThat(putMembership(EPOCH_TWO).status()).isEqualTo(200);

    assertThat(get("/membership").json()).isEqualTo(KvJson.MAPPER.readTree(EPOCH_TWO));
    assertThat(node.registry().get("kv.node.membership.epoch").gauge().value()).isEqualTo(2.0);
  }

  @Test
  void refusesAnOlderOrConflictingOrMalformedMembership() {
    putMembership(EPOCH_TWO);

    Answer older = putMembership(EPOCH_ONE);
    assertThat(older.status()).isEqualTo(409);
    assertThat(older.contentType()).startsWith("application/problem+json");
    assertThat(older.json().path("type").asString()).endsWith("kv-stale-membership");
    assertThat(older.json().path("epoch").asLong()).isEqualTo(2);
    assertThat(older.json().path("membership")).isEqualTo(KvJson.MAPPER.readTree(EPOCH_TWO));

    Answer conflicting = putMembership("{\"epoch\":2,\"members\":[]}");
    assertThat(conflicting.status()).isEqualTo(409);
    assertThat(conflicting.json().path("type").asString()).endsWith("kv-membership-conflict");

    for (String bad : List.of("", "[1]", "{}", "{\"epoch\":0}", "{\"epoch\":\"3\"}", "{epoch")) {
      Answer refused = putMembership(bad);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.json().path("type").asString()).as(bad).endsWith("bad-request");
    }
    assertThat(get("/membership").json()).isEqualTo(KvJson.MAPPER.readTree(EPOCH_TWO));
  }

  @Test
  void operationsPlannedUnderAnOlderMembershipAreRefusedAndNotApplied() {
    putMembership(EPOCH_TWO);

    Answer stale = ops("1", new NodeOp.Put("planned-under-1", value("1"), 0));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().path("type").asString()).endsWith("kv-stale-membership");
    assertThat(stale.json().path("epoch").asLong()).isEqualTo(2);
    assertThat(stale.json().path("membership")).isEqualTo(KvJson.MAPPER.readTree(EPOCH_TWO));
    assertThat(get("/kv/planned-under-1").status()).isEqualTo(404);
    assertThat(node.registry().get("kv.node.membership.stale").counter().count()).isEqualTo(1.0);

    assertThat(written(ops("2", new NodeOp.Put("planned-under-2", value("2"), 0)))).isTrue();
    assertThat(written(ops("3", new NodeOp.Put("planned-under-3", value("3"), 0)))).isTrue();
    assertThat(written(ops(null, new NodeOp.Put("not-stamped", value("4"), 0)))).isTrue();
    assertThat(get("/kv/planned-under-2").status()).isEqualTo(200);

    Answer read = ops("2", new NodeOp.Get("planned-under-2"));
    assertThat(read.status()).isEqualTo(200);
    assertThat(NodeOpCodec.decodeResults(read.body()).get(0))
        .isInstanceOfSatisfying(NodeOpResult.Found.class, f -> assertThat(f.record()).isPresent());
    assertThat(ops("1", new NodeOp.Get("planned-under-2")).status()).isEqualTo(409);
    assertThat(ops("one", new NodeOp.Get("planned-under-2")).status()).isEqualTo(400);
  }

  @Test
  void theAntiEntropyAndScanRoutesAreFencedTooButNotTheClientRoutes() {
    putMembership(EPOCH_TWO);
    String ring = "{\"points\":[0]}";

    assertThat(send("GET", "/scan", "1", null, null).status()).isEqualTo(409);
    assertThat(send("GET", "/scan", "2", null, null).status()).isEqualTo(200);
    assertThat(send("POST", "/digests", "1", "application/json", ring).status()).isEqualTo(409);
    assertThat(send("POST", "/digests", "2", "application/json", ring).status()).isEqualTo(200);
    String wanted = "{\"points\":[0],\"segments\":[0]}";
    assertThat(send("POST", "/digests/versions", "1", "application/json", wanted).status())
        .isEqualTo(409);
    assertThat(send("POST", "/digests/versions", "2", "application/json", wanted).status())
        .isEqualTo(200);
    assertThat(send("PUT", "/kv/direct", "1", "application/json", "{\"value\":1}").status())
        .isEqualTo(200);
  }

  @Test
  void theMembershipSurvivesARestartOnTheSameDataDir() {
    putMembership(EPOCH_ONE);
    putMembership(EPOCH_TWO);

    node.close();
    node = startNode();

    assertThat(get("/membership").json()).isEqualTo(KvJson.MAPPER.readTree(EPOCH_TWO));
    assertThat(ops("1", new NodeOp.Get("k")).status()).isEqualTo(409);
  }

  @Test
  void aCorruptMembershipFileStopsTheNodeFromStarting() throws IOException {
    node.close();
    Files.writeString(dir.resolve("data").resolve(InstalledMembership.FILE_NAME), "{\"epo");

    assertThatThrownBy(this::startNode)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(InstalledMembership.FILE_NAME);
    // the failed start left the store closed, so a repaired node starts on the same directory
    Files.writeString(dir.resolve("data").resolve(InstalledMembership.FILE_NAME), EPOCH_ONE);
    node = startNode();
    assertThat(get("/membership").json().path("epoch").asLong()).isEqualTo(1);
  }

  static byte[] value(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  static boolean written(Answer answer) {
    assertThat(answer.status()).isEqualTo(200);
    NodeOpResult result = NodeOpCodec.decodeResults(answer.body()).get(0);
    return result instanceof NodeOpResult.CasDone done
        && done.outcome() instanceof CasOutcome.Applied;
  }

  Answer get(String path) {
    return send("GET", path, null, null, null);
  }

  Answer putMembership(String body) {
    return send("PUT", "/membership", null, "application/json", body);
  }

  /** One operation batch, stamped with {@code epoch} unless it is null. */
  Answer ops(String epoch, NodeOp op) {
    return exchange(
        "POST",
        "/ops",
        epoch,
        NodeOpCodec.MEDIA_TYPE,
        HttpRequest.BodyPublishers.ofByteArray(NodeOpCodec.encodeOps(List.of(op))));
  }

  /** A request stamped with {@code epoch} unless it is null, with a text body unless null. */
  Answer send(String method, String path, String epoch, String contentType, String body) {
    return exchange(
        method,
        path,
        epoch,
        contentType,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
  }

  Answer exchange(
      String method,
      String path,
      String epoch,
      String contentType,
      HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body);
    if (epoch != null) {
      request.header(MembershipFence.EPOCH_HEADER, epoch);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<byte[]> r =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
