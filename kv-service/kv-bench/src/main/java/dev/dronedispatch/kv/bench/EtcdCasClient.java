package dev.dronedispatch.kv.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * etcd's v3 JSON gateway as a {@link CasTarget}: {@code /v3/kv/range}, {@code /v3/kv/put}, and
 * {@code /v3/kv/txn} comparing the key's mod_revision (etcd's per-key version) with a range of the
 * key on failure, so a refused CAS answers the current revision as ours does. Sent with {@link
 * PlainJsonHttp}, as the KV's plain-HTTP runs are.
 */
final class EtcdCasClient implements CasTarget, AutoCloseable {

  private static final ObjectMapper M = PlainJsonHttp.M;
  private final PlainJsonHttp http;

  EtcdCasClient(String baseUrl) {
    http = new PlainJsonHttp(baseUrl, "etcd-bench", java.util.Optional.empty());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static int counter(JsonNode kv) {
    return Integer.parseInt(
        new String(
            Base64.getDecoder().decode(kv.path("value").asString("")), StandardCharsets.UTF_8));
  }

  private static long revision(JsonNode node, String field) {
    return Long.parseLong(node.path(field).asString("0"));
  }

  private Mono<JsonNode> post(String path, ObjectNode body) {
    return http.send(HttpMethod.POST, path, body).map(PlainJsonHttp.Answer::body);
  }

  @Override
  public Mono<Versioned> put(String key, int n) {
    return post(
            "/v3/kv/put",
            M.createObjectNode().put("key", b64(key)).put("value", b64(Integer.toString(n))))
        .map(r -> new Versioned(revision(r.path("header"), "revision"), n));
  }

  @Override
  public Mono<Versioned> read(String key) {
    return post("/v3/kv/range", M.createObjectNode().put("key", b64(key)))
        .map(
            r -> {
              JsonNode kv = r.path("kvs").path(0);
              return new Versioned(revision(kv, "mod_revision"), counter(kv));
            });
  }

  @Override
  public Mono<Answer> compareAndSet(String key, long expectedVersion, int n) {
    ObjectNode body = M.createObjectNode();
    body.putArray("compare")
        .addObject()
        .put("key", b64(key))
        .put("result", "EQUAL")
        .put("target", "MOD")
        .put("mod_revision", Long.toString(expectedVersion));
    body.putArray("success")
        .addObject()
        .putObject("request_put")
        .put("key", b64(key))
        .put("value", b64(Integer.toString(n)));
    body.putArray("failure").addObject().putObject("request_range").put("key", b64(key));
    return post("/v3/kv/txn", body)
        .map(
            r -> {
              if (r.path("succeeded").asBoolean(false)) {
                return new Answer(true, new Versioned(revision(r.path("header"), "revision"), n));
              }
              JsonNode kv = r.path("responses").path(0).path("response_range").path("kvs").path(0);
              return new Answer(false, new Versioned(revision(kv, "mod_revision"), counter(kv)));
            });
  }

  @Override
  public void close() {
    http.close();
  }
}
