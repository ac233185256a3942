package dev.dronedispatch.kv.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same read-then-compare-and-set workload against etcd's v3 JSON gateway ({@code /v3/kv/range}
 * and {@code /v3/kv/txn} comparing the key's mod_revision), over the same pooled keep-alive HTTP
 * client, so the two stores are measured alike.
 */
final class EtcdCasClient implements AutoCloseable {

  /** A key's value and its mod_revision (etcd's per-key version). */
  record Read(String value, long modRevision) {}

  private static final ObjectMapper M = JsonMapper.builder().build();
  private final ConnectionProvider pool;
  private final HttpClient http;

  EtcdCasClient(String baseUrl) {
    pool = ConnectionProvider.builder("etcd-bench").maxConnections(64).build();
    http =
        HttpClient.create(pool)
            .baseUrl(baseUrl)
            .keepAlive(true)
            .responseTimeout(Duration.ofSeconds(5));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode post(String path, ObjectNode body) {
    byte[] bytes = M.writeValueAsBytes(body);
    return http.headers(
            h -> h.set("Content-Type", "application/json").set("Content-Length", bytes.length))
        .request(HttpMethod.POST)
        .uri(path)
        .send(ByteBufFlux.fromInbound(Mono.just(bytes)))
        .responseSingle((res, content) -> content.asByteArray().map(M::readTree))
        .block(Duration.ofSeconds(10));
  }

  void put(String key, String value) {
    post("/v3/kv/put", M.createObjectNode().put("key", b64(key)).put("value", b64(value)));
  }

  Read get(String key) {
    JsonNode r = post("/v3/kv/range", M.createObjectNode().put("key", b64(key)));
    JsonNode kv = r.path("kvs").path(0);
    String value =
        new String(
            Base64.getDecoder().decode(kv.path("value").asString("")), StandardCharsets.UTF_8);
    return new Read(value, Long.parseLong(kv.path("mod_revision").asString("0")));
  }

  /** Writes {@code value} if the key's mod_revision is still {@code expected}. */
  boolean compareAndSet(String key, long expected, String value) {
    ObjectNode body = M.createObjectNode();
    body.putArray("compare")
        .addObject()
        .put("key", b64(key))
        .put("result", "EQUAL")
        .put("target", "MOD")
        .put("mod_revision", Long.toString(expected));
    body.putArray("success")
        .addObject()
        .putObject("request_put")
        .put("key", b64(key))
        .put("value", b64(value));
    return post("/v3/kv/txn", body).path("succeeded").asBoolean(false);
  }

  @Override
  public void close() {
    pool.disposeLater().block(Duration.ofSeconds(5));
  }
}
