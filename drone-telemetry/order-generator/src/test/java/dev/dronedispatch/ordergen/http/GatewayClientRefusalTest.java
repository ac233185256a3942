package dev.dronedispatch.ordergen.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.ordergen.orders.Order;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a refusal is told apart from a server failure: the chaos run counts only the latter. */
class GatewayClientRefusalTest {

  private HttpServer server;
  private volatile int status;
  private volatile String retryAfter;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/deliveries",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PostOutcome post() {
    try (GatewayClient client =
        new GatewayClient(
            "http://127.0.0.1:" + server.getAddress().getPort(),
            Optional.empty(),
            Duration.ofSeconds(5),
            1)) {
      return client
          .post(new Order(new GeoPoint(41.9, 12.5), new GeoPoint(41.91, 12.51), 1.0), "key-1")
          .join();
    }
  }

  @Test
  void a503ThatSaysWhenToComeBackIsARefusalNotAFailure() {
    status = 503;
    retryAfter = "2";
    PostOutcome outcome = post();
    assertThat(outcome.retryAfter()).contains("2");
    assertThat(outcome.unexplainedServerError()).isFalse();
    assertThat(outcome.errorKey()).isEqualTo("503");
  }

  @Test
  void a503WithoutRetryAfterAndOther5xxAreServerFailures() {
    status = 503;
    retryAfter = null;
    assertThat(post().unexplainedServerError()).isTrue();
    assertThat(post().errorKey()).isEqualTo("503 without Retry-After");
    status = 502;
    assertThat(post().unexplainedServerError()).isTrue();
    status = 429;
    retryAfter = "1";
    assertThat(post().unexplainedServerError())
        .as("a client error is not a server failure")
        .isFalse();
  }

  @Test
  void noAnswerAtAllIsNoServerError() {
    server.stop(0);
    PostOutcome outcome = post();
    assertThat(outcome.status()).isZero();
    assertThat(outcome.unexplainedServerError()).isFalse();
  }
}
