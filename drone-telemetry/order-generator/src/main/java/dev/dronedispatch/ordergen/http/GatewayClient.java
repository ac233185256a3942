package dev.dronedispatch.ordergen.http;

import dev.dronedispatch.kv.client.http.HttpConnectionPool;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.ordergen.orders.Order;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import reactor.core.Exceptions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The gateway as the order generator uses it: {@code GET /zones} and {@code POST /deliveries} with
 * an {@code Idempotency-Key}, over up to {@code maxConnections} keep-alive connections. Never
 * retries on its own (as the original did not): a failed order is counted, not resent.
 *
 * <p>Why the project's own connection pool ({@link HttpConnectionPool}) and not the JDK's client:
 * with the hundreds of connections an open-loop offer keeps, the JDK client's pool spent a fifth of
 * the load generator's CPU searching its list of idle connections (see the module README); on a
 * two-core machine that CPU is taken from the system under test.
 */
public final class GatewayClient implements AutoCloseable {

  private final HttpConnectionPool http;
  private final Duration timeout;

  /**
   * {@code apiKey}: sent as {@code X-Api-Key}, which the gateway asks of order clients; {@code
   * timeout}: to connect, and for each answer (waiting for a free connection included).
   */
  public GatewayClient(
      String baseUrl, Optional<String> apiKey, Duration timeout, int maxConnections) {
    this.timeout = timeout;
    this.http =
        new HttpConnectionPool(
            baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
            maxConnections,
            timeout,
            timeout,
            apiKey.map(k -> Map.of("X-Api-Key", k)).orElse(Map.of()));
  }

  /** The zones document, or empty if the gateway does not answer 200 with one. */
  public Optional<ZonesConfig> zones() {
    try {
      HttpConnectionPool.Response r =
          http.exchange(HttpMethod.GET, "/zones", null, null).block(timeout.multipliedBy(2));
      if (r == null || r.status() != 200) {
        return Optional.empty();
      }
      return Optional.of(Json.mapper().readValue(r.body(), ZonesConfig.class));
    } catch (RuntimeException e) {
      return Optional.empty(); // not answered, or not a zones document: the caller asks again
    }
  }

  public CompletableFuture<PostOutcome> post(Order order, String idempotencyKey) {
    return http.exchange(
            HttpMethod.POST,
            "/deliveries",
            Json.mapper().writeValueAsBytes(order),
            "application/json",
            Map.of("Idempotency-Key", idempotencyKey))
        .toFuture()
        .handle(
            (response, error) -> {
              if (error != null) {
                return new PostOutcome(0, Optional.empty(), Optional.of(failureName(error)));
              }
              int status = response.status();
              if (status == 200 || status == 201) {
                return new PostOutcome(status, idOf(response.body()), Optional.empty());
              }
              return new PostOutcome(
                  status, Optional.empty(), Optional.empty(), response.header("Retry-After"));
            });
  }

  @Override
  public void close() {
    http.close();
  }

  private static Optional<String> idOf(byte[] body) {
    try {
      JsonNode id = Json.mapper().readTree(body).get("id");
      return id == null || !id.isString() ? Optional.empty() : Optional.of(id.asString());
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private static String failureName(Throwable error) {
    Throwable e = Exceptions.unwrap(error);
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof HttpConnectionPool.NotSentException notSent) {
      // refused connection, or no free connection within the timeout
      return notSent.getCause() instanceof ConnectException ? "connect" : "timeout";
    }
    if (e instanceof ReadTimeoutException) {
      return "timeout";
    }
    return e.getClass().getSimpleName();
  }
}
