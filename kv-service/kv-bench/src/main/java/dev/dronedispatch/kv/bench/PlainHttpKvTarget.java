package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.http.UriEncoding;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The KV service without its Java client: its HTTP/JSON API through {@link PlainJsonHttp}, as a
 * user of another language calls it — {@code PUT} and {@code GET /kv/{key}}, {@code POST /kv/cas}
 * with {@code expected_version}.
 */
final class PlainHttpKvTarget implements CasTarget, AutoCloseable {

  private final PlainJsonHttp http;

  PlainHttpKvTarget(String baseUrl, java.util.Optional<String> bearer) {
    http = new PlainJsonHttp(baseUrl, "kv-plain-http", bearer);
  }

  @Override
  public Mono<Versioned> put(String key, int n) {
    ObjectNode body = PlainJsonHttp.M.createObjectNode();
    body.set("value", KvCasTarget.doc(n));
    return http.send(HttpMethod.PUT, path(key), body)
        .map(a -> new Versioned(ok(a).path("version").asLong(), n));
  }

  @Override
  public Mono<Versioned> read(String key) {
    return http.send(HttpMethod.GET, path(key), null)
        .map(PlainHttpKvTarget::ok)
        .map(b -> versioned(b, b.get("value")));
  }

  @Override
  public Mono<Answer> compareAndSet(String key, long expectedVersion, int n) {
    ObjectNode body =
        PlainJsonHttp.M.createObjectNode().put("key", key).put("expected_version", expectedVersion);
    body.set("new", KvCasTarget.doc(n));
    return http.send(HttpMethod.POST, "/kv/cas", body)
        .map(
            a -> {
              JsonNode b = ok(a);
              boolean applied = b.path("ok").asBoolean(false);
              return new Answer(applied, versioned(b, applied ? b.get("value") : b.get("current")));
            });
  }

  private static String path(String key) {
    return "/kv/" + UriEncoding.encode(key);
  }

  private static JsonNode ok(PlainJsonHttp.Answer a) {
    if (a.status() != 200) {
      throw new IllegalStateException("KV answered " + a.status() + ": " + a.body());
    }
    return a.body();
  }

  private static Versioned versioned(JsonNode body, JsonNode value) {
    return new Versioned(body.path("version").asLong(), value.path("n").asInt());
  }

  @Override
  public void close() {
    http.close();
  }
}
