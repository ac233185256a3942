package dev.dronedispatch.ordergen.http;

import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.ordergen.orders.Order;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The gateway as the order generator uses it, over the JDK's HTTP client: {@code GET /zones} and
 * {@code POST /deliveries} with an {@code Idempotency-Key}. Never retries on its own (as the
 * original did not): a failed order is counted, not resent.
 */
public final class GatewayClient {

  private final URI base;
  private final Optional<String> apiKey;
  private final HttpClient http;
  private final Duration timeout;

  /** {@code apiKey}: sent as {@code X-Api-Key}, which the gateway asks of order clients. */
  public GatewayClient(
      String baseUrl, Optional<String> apiKey, Duration timeout, Executor executor) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(executor)
            .build();
  }

  /** The zones document, or empty if the gateway does not answer 200 with one. */
  public Optional<ZonesConfig> zones() {
    try {
      HttpResponse<String> r =
          http.send(
              authenticated(HttpRequest.newBuilder(base.resolve("zones")))
                  .timeout(timeout)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(Json.mapper().readValue(r.body(), ZonesConfig.class));
    } catch (IOException | JacksonException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private HttpRequest.Builder authenticated(HttpRequest.Builder b) {
    apiKey.ifPresent(k -> b.header("X-Api-Key", k));
    return b;
  }

  public CompletableFuture<PostOutcome> post(Order order, String idempotencyKey) {
    HttpRequest request =
        authenticated(HttpRequest.newBuilder(base.resolve("deliveries")))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(order)))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              if (error != null) {
                return new PostOutcome(0, Optional.empty(), Optional.of(failureName(error)));
              }
              int status = response.statusCode();
              if (status == 200 || status == 201) {
                return new PostOutcome(status, idOf(response.body()), Optional.empty());
              }
              return new PostOutcome(
                  status,
                  Optional.empty(),
                  Optional.empty(),
                  response.headers().firstValue("Retry-After"));
            });
  }

  private static Optional<String> idOf(String body) {
    try {
      JsonNode node = Json.mapper().readTree(body);
      JsonNode id = node.get("id");
      return id == null || !id.isString() ? Optional.empty() : Optional.of(id.asString());
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private static String failureName(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof HttpTimeoutException) {
      return "timeout";
    }
    if (e instanceof ConnectException) {
      return "connect";
    }
    return e.getClass().getSimpleName();
  }
}
