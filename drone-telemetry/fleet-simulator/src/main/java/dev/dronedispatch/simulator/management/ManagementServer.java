package dev.dronedispatch.simulator.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The simulator's management port (default 8082) on the JDK's HTTP server: {@code
 * /actuator/health}, {@code /actuator/prometheus} and {@code /v3/api-docs}. Anything else answers a
 * JSON problem body.
 */
public final class ManagementServer implements AutoCloseable {

  /** What the health endpoint reports. */
  public record HealthReport(boolean up, Map<String, Object> details) {}

  private final HttpServer server;
  private final ExecutorService executor;

  private ManagementServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static ManagementServer start(
      String host, int port, PrometheusMeterRegistry registry, Supplier<HealthReport> health) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      ExecutorService executor =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "fleet-simulator-management");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              route(exchange, registry, health);
            }
          });
      server.start();
      return new ManagementServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind management port " + port, e);
    }
  }

  private static void route(
      HttpExchange exchange, PrometheusMeterRegistry registry, Supplier<HealthReport> health)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    boolean known =
        path.equals("/actuator/health")
            || path.equals("/actuator/prometheus")
            || path.equals("/v3/api-docs");
    if (!known) {
      HttpReplies.problem(exchange, 404, "Not Found", "no such endpoint: " + path);
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().add("Allow", "GET");
      HttpReplies.problem(exchange, 405, "Method Not Allowed", "only GET is supported on " + path);
      return;
    }
    switch (path) {
      case "/actuator/health":
        HealthReport report = health.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.up() ? "UP" : "DOWN");
        body.put("details", report.details());
        HttpReplies.send(
            exchange, report.up() ? 200 : 503, "application/json", HttpReplies.json(body));
        break;
      case "/actuator/prometheus":
        HttpReplies.send(
            exchange,
            200,
            "text/plain; version=0.0.4; charset=utf-8",
            registry.scrape().getBytes(StandardCharsets.UTF_8));
        break;
      default:
        HttpReplies.send(exchange, 200, "application/json", openApi());
        break;
    }
  }

  private static byte[] openApi() throws IOException {
    try (InputStream in = ManagementServer.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IOException("openapi.json missing from the classpath");
      }
      return in.readAllBytes();
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
