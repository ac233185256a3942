package dev.dronedispatch.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The offer's window against a local HTTP server that accepts every POST. */
class OpenLoopPostsTest {

  private static final double RATE = 50;

  /** More than any test offers: a send never waits for a permit, so counts do not hang on speed. */
  private static final int CONCURRENCY = 64;

  private final AtomicInteger received = new AtomicInteger();
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private HttpServer server;
  private OpenLoopPosts posts;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/deliveries",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"id\":\"d-" + received.incrementAndGet() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(201, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(handlers);
    server.start();
    posts =
        new OpenLoopPosts(
            "http://127.0.0.1:" + server.getAddress().getPort() + "/",
            "key",
            CONCURRENCY,
            Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws InterruptedException {
    posts.close();
    server.stop(0);
    handlers.shutdownNow();
  }

  @Test
  void aFixedWindowOffersTheRateTimesItsLength() throws InterruptedException {
    Set<String> accepted = ConcurrentHashMap.newKeySet();

    OpenLoopPosts.Result result = posts.run(RATE, Duration.ofMillis(400), accepted);

    assertThat(result.sent()).isEqualTo(20);
    assertThat(result.created()).isEqualTo(20);
    assertThat(accepted).hasSize(20);
  }

  @Test
  void theOfferGoesOnPastItsShortestWindowUntilEnough() throws InterruptedException {
    Set<String> accepted = ConcurrentHashMap.newKeySet();

    OpenLoopPosts.Result result =
        posts.run(
            RATE,
            Duration.ofMillis(200),
            Duration.ofSeconds(30),
            () -> received.get() >= 30,
            accepted);

    // 10 orders fall in the shortest window; the offer stops at the first due time after the
    // 30th answer, when at most CONCURRENCY more may be on their way
    assertThat(result.sent()).isBetween(30L, 30L + CONCURRENCY);
    assertThat(accepted).hasSize((int) result.sent());
  }

  @Test
  void theOfferStopsAtItsLongestWindowWhenNeverEnough() throws InterruptedException {
    Set<String> accepted = ConcurrentHashMap.newKeySet();

    OpenLoopPosts.Result result =
        posts.run(RATE, Duration.ofMillis(200), Duration.ofMillis(600), () -> false, accepted);

    assertThat(result.sent()).isEqualTo(30);
    assertThat(accepted).hasSize(30);
  }
}
