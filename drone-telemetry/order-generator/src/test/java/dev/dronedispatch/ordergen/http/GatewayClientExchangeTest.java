package dev.dronedispatch.ordergen.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.ordergen.orders.Order;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client sends, and how an answer, a silence and a closed port come back. */
class GatewayClientExchangeTest {

  private static final Order ORDER =
      new Order(new GeoPoint(41.9, 12.5), new GeoPoint(41.91, 12.51), 1.0);

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/deliveries",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              exchange.getRequestHeaders().getFirst("Idempotency-Key")
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-Api-Key")
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + body.contains("\"weight\""));
          byte[] answer =
              "{\"id\":\"d-1\",\"status\":\"pending\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(201, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.createContext(
        "/silent/deliveries",
        exchange -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    never.countDown();
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void anAcceptedOrderAnswersItsIdAndEveryRequestCarriesItsKeys() {
    try (GatewayClient client =
        new GatewayClient(url(), Optional.of("k-1"), Duration.ofSeconds(5), 4)) {
      PostOutcome first = client.post(ORDER, "key-1").join();
      PostOutcome second = client.post(ORDER, "key-2").join();

      assertThat(first.status()).isEqualTo(201);
      assertThat(first.deliveryId()).contains("d-1");
      assertThat(second.accepted()).isTrue();
      assertThat(seen)
          .containsExactly("key-1 k-1 application/json true", "key-2 k-1 application/json true");
    }
  }

  @Test
  void aGatewayThatDoesNotAnswerIsATimeout() {
    try (GatewayClient client =
        new GatewayClient(url() + "/silent", Optional.empty(), Duration.ofMillis(300), 1)) {
      PostOutcome outcome = client.post(ORDER, "key-1").join();

      assertThat(outcome.status()).isZero();
      assertThat(outcome.errorKey()).isEqualTo("timeout");
    }
  }

  @Test
  void aClosedPortIsAConnectFailure() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (GatewayClient client =
        new GatewayClient(
            "http://127.0.0.1:" + closed, Optional.empty(), Duration.ofSeconds(2), 1)) {
      assertThat(client.post(ORDER, "key-1").join().errorKey()).isEqualTo("connect");
      assertThat(client.zones()).isEmpty();
    }
  }
}
