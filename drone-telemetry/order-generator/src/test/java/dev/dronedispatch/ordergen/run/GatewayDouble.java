package dev.dronedispatch.ordergen.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.ordergen.orders.Order;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;

/**
 * A small real HTTP server answering like the gateway's contract for {@code GET /zones} and {@code
 * POST /deliveries} (201 with {@code {id, status, drone_id}}, 200 on an Idempotency-Key replay, 422
 * on a bad body), with knobs for service time, failures, and a hook run on each new delivery.
 */
final class GatewayDouble implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, String> idByKey = new ConcurrentHashMap<>();
  private final Set<String> bodies = ConcurrentHashMap.newKeySet();
  private final AtomicInteger posts = new AtomicInteger();
  private final long serviceMillis;
  private final int failEvery;
  private final Consumer<String> onCreated;

  GatewayDouble(int threads, long serviceMillis, int failEvery, Consumer<String> onCreated)
      throws IOException {
    this.serviceMillis = serviceMillis;
    this.failEvery = failEvery;
    this.onCreated = onCreated;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    this.executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.createContext("/zones", this::zones);
    server.createContext("/deliveries", this::deliveries);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int posts() {
    return posts.get();
  }

  Map<String, String> idsByKey() {
    return Map.copyOf(idByKey);
  }

  private void zones(HttpExchange ex) throws IOException {
    try (ex) {
      send(ex, 200, Json.mapper().writeValueAsString(ZoneGrid.rome(2, 2)));
    }
  }

  private void deliveries(HttpExchange ex) throws IOException {
    try (ex) {
      int n = posts.incrementAndGet();
      if (serviceMillis > 0) {
        Thread.sleep(serviceMillis);
      }
      String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Order order;
      try {
        order = Json.mapper().readValue(body, Order.class);
      } catch (JacksonException | IllegalArgumentException e) {
        send(ex, 422, "{\"detail\":\"bad body\"}");
        return;
      }
      if (key == null || order.origin() == null || !(order.weight() > 0)) {
        send(ex, 422, "{\"detail\":\"missing field\"}");
        return;
      }
      if (failEvery > 0 && n % failEvery == 0) {
        // as the real gateway refuses when overloaded: it says when to come back
        ex.getResponseHeaders().set("Retry-After", "1");
        send(ex, 503, "{\"detail\":\"overloaded\"}");
        return;
      }
      bodies.add(body);
      String existing = idByKey.get(key);
      if (existing != null) {
        send(ex, 200, answer(existing));
        return;
      }
      String id = UUID.randomUUID().toString();
      idByKey.put(key, id);
      onCreated.accept(id);
      send(ex, 201, answer(id));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String answer(String id) {
    return "{\"id\":\"" + id + "\",\"status\":\"pending\",\"drone_id\":null}";
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
