package dev.dronedispatch.dispatch.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** GETs against a dispatch instance's management port, and waits for an answer that will do. */
final class ManagementClient {

  private static final Duration POLL = Duration.ofMillis(200);

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;
  private final Duration patience;

  ManagementClient(int port, Duration patience) {
    this.port = port;
    this.patience = patience;
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code path} until the answer satisfies {@code until}, failing after the patience. */
  HttpResponse<String> awaitGet(String path, Predicate<HttpResponse<String>> until)
      throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    HttpResponse<String> r = get(path);
    while (!until.test(r)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("GET " + path + " never satisfied the condition: " + r.body());
      }
      Thread.sleep(POLL.toMillis());
      r = get(path);
    }
    return r;
  }
}
