package dev.dronedispatch.gateway.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** A /stream subscriber for tests: collects every event, comments included. */
public final class SseClient implements AutoCloseable {

  private final LinkedBlockingQueue<ServerSentEvent<String>> received = new LinkedBlockingQueue<>();
  private final List<ServerSentEvent<String>> seen = new ArrayList<>();
  private final Disposable subscription;
  private final java.util.concurrent.CountDownLatch ended =
      new java.util.concurrent.CountDownLatch(1);

  private SseClient(String baseUrl, String lastEventId) {
    WebClient.RequestHeadersSpec<?> spec =
        WebClient.create(baseUrl)
            .get()
            .uri("/stream")
            .headers(
                h -> h.setBasicAuth(GatewayCluster.OPERATOR, GatewayCluster.OPERATOR_PASSWORD));
    if (lastEventId != null) {
      spec = spec.header("Last-Event-ID", lastEventId);
    }
    subscription =
        spec.retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .subscribe(received::add, e -> ended.countDown(), ended::countDown);
  }

  public static SseClient connect(String baseUrl) {
    return new SseClient(baseUrl, null);
  }

  public static SseClient resume(String baseUrl, String lastEventId) {
    return new SseClient(baseUrl, lastEventId);
  }

  /** Waits for the first event (after those already taken) matching {@code wanted}. */
  public ServerSentEvent<String> await(
      Predicate<ServerSentEvent<String>> wanted, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        ServerSentEvent<String> e = received.poll(100, TimeUnit.MILLISECONDS);
        if (e != null) {
          seen.add(e);
          if (wanted.test(e)) {
            return e;
          }
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(ex);
      }
    }
    throw new AssertionError("no matching SSE event within " + timeout + "; saw " + seen.size());
  }

  /** Whether the server ended the stream (completed or broke it) within {@code timeout}. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every event taken so far. */
  public List<ServerSentEvent<String>> seen() {
    return List.copyOf(seen);
  }

  public static Predicate<ServerSentEvent<String>> event(String name, String dataContains) {
    return e -> name.equals(e.event()) && e.data() != null && e.data().contains(dataContains);
  }

  @Override
  public void close() {
    subscription.dispose();
  }
}
