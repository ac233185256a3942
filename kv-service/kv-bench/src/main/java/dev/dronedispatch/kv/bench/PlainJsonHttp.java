package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.KvJson;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * HTTP/1.1 with JSON bodies as a user without our Java client sends it (curl, wrk, a script):
 * pooled keep-alive connections, each request a request line, Host, Content-Type and
 * Content-Length, and its body. etcd's gateway and the KV's plain-HTTP runs both go through it, so
 * the two stores are measured through the same client.
 */
final class PlainJsonHttp implements AutoCloseable {

  static final ObjectMapper M = KvJson.MAPPER;

  /** An answer: its status and JSON body (empty object if none). */
  record Answer(int status, JsonNode body) {}

  private final ConnectionProvider pool;
  private final HttpClient http;

  /** {@code bearer}: the token every request carries, if the server asks for one. */
  PlainJsonHttp(String baseUrl, String name, java.util.Optional<String> bearer) {
    pool = ConnectionProvider.builder(name).maxConnections(64).build();
    http =
        HttpClient.create(pool)
            .baseUrl(baseUrl)
            .keepAlive(true)
            .headers(h -> bearer.ifPresent(t -> h.set("Authorization", "Bearer " + t)))
            .responseTimeout(Duration.ofSeconds(5));
  }

  /** {@code body} null: a request without one. */
  Mono<Answer> send(HttpMethod method, String path, JsonNode body) {
    byte[] bytes = body == null ? new byte[0] : M.writeValueAsBytes(body);
    return http.headers(
            h -> {
              h.set("Content-Length", bytes.length);
              if (body != null) {
                h.set("Content-Type", "application/json");
              }
            })
        .request(method)
        .uri(path)
        .send(ByteBufFlux.fromInbound(Mono.just(bytes)))
        .responseSingle(
            (res, content) ->
                content
                    .asByteArray()
                    .defaultIfEmpty(new byte[0])
                    .map(
                        b ->
                            new Answer(
                                res.status().code(),
                                b.length == 0 ? M.createObjectNode() : M.readTree(b))));
  }

  @Override
  public void close() {
    pool.disposeLater().block(Duration.ofSeconds(5));
  }
}
