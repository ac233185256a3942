package dev.dronedispatch.simulator.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.simulator.fleet.DroneFault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The operator-only fault switch (default 127.0.0.1:8083, so only this machine reaches it): {@code
 * POST /sim/drones/{id}/fail} with mode {@code silent} or {@code stranded} (query {@code ?mode=} or
 * body {@code {"mode": ...}}), {@code DELETE /sim/drones/{id}/fail} to clear it, {@code GET
 * /v3/api-docs}. Changing a drone needs {@code Authorization: Bearer <FAULT_SWITCH_TOKEN>}: without
 * it, or with another, 401 before anything is read or changed. Errors are problem JSON: 404 for an
 * unknown drone or path, 400 for a body that is not JSON, 422 for a missing or unknown mode. It is
 * its own listener, apart from the management port, which listens on every interface for health
 * checks and scraping.
 */
public final class FaultSwitchServer implements AutoCloseable {

  private static final Pattern FAIL_PATH = Pattern.compile("^/sim/drones/([^/]+)/fail$");
  private static final String MODES =
      Arrays.stream(DroneFault.values())
          .map(DroneFault::wireName)
          .collect(Collectors.joining(", "));

  private final HttpServer server;
  private final ExecutorService executor;

  private FaultSwitchServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static FaultSwitchServer start(
      String host, int port, FaultSwitchToken token, FaultSwitch fleet) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      ExecutorService executor =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "fleet-simulator-fault-switch");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              route(exchange, token, fleet);
            }
          });
      server.start();
      return new FaultSwitchServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the fault switch on " + host + ":" + port, e);
    }
  }

  private static void route(HttpExchange exchange, FaultSwitchToken token, FaultSwitch fleet)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals("/v3/api-docs")) {
      if (!method.equals("GET")) {
        notAllowed(exchange, "GET");
        return;
      }
      HttpReplies.send(exchange, 200, "application/json", openApi());
      return;
    }
    Matcher m = FAIL_PATH.matcher(path);
    if (!m.matches()) {
      HttpReplies.problem(exchange, 404, "Not Found", "no such endpoint: " + path);
      return;
    }
    if (!token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"fault-switch\"");
      HttpReplies.problem(
          exchange,
          401,
          "Unauthorized",
          "the fault switch needs Authorization: Bearer <FAULT_SWITCH_TOKEN>");
      return;
    }
    String droneId = m.group(1);
    switch (method) {
      case "POST" -> fail(exchange, fleet, droneId);
      case "DELETE" -> {
        if (fleet.clearFault(droneId)) {
          HttpReplies.send(exchange, 200, "application/json", state(droneId, null));
        } else {
          unknownDrone(exchange, droneId);
        }
      }
      default -> notAllowed(exchange, "POST, DELETE");
    }
  }

  private static void fail(HttpExchange exchange, FaultSwitch fleet, String droneId)
      throws IOException {
    Optional<String> mode = queryMode(exchange);
    if (mode.isEmpty()) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (body.length > 0) {
        try {
          JsonNode tree = Json.mapper().readTree(body);
          JsonNode field = tree.path("mode");
          mode = field.isString() ? Optional.of(field.asString()) : Optional.empty();
        } catch (JacksonException e) {
          HttpReplies.problem(exchange, 400, "Bad Request", "the body is not JSON");
          return;
        }
      }
    }
    if (mode.isEmpty()) {
      HttpReplies.problem(
          exchange, 422, "Unprocessable Content", "a mode is required, one of: " + MODES);
      return;
    }
    Optional<DroneFault> fault = DroneFault.fromWire(mode.get());
    if (fault.isEmpty()) {
      HttpReplies.problem(
          exchange,
          422,
          "Unprocessable Content",
          "unknown mode '" + mode.get() + "', expected one of: " + MODES);
      return;
    }
    if (fleet.fail(droneId, fault.get())) {
      HttpReplies.send(exchange, 200, "application/json", state(droneId, fault.get()));
    } else {
      unknownDrone(exchange, droneId);
    }
  }

  private static Optional<String> queryMode(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return Optional.empty();
    }
    return Arrays.stream(query.split("&"))
        .map(pair -> pair.split("=", 2))
        .filter(kv -> kv[0].equals("mode") && kv.length == 2)
        .map(kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8))
        .findFirst();
  }

  private static byte[] state(String droneId, DroneFault fault) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("drone_id", droneId);
    body.put("fault", fault == null ? null : fault.wireName());
    return HttpReplies.json(body);
  }

  private static void unknownDrone(HttpExchange exchange, String droneId) throws IOException {
    HttpReplies.problem(exchange, 404, "Not Found", "no drone " + droneId + " in this fleet");
  }

  private static void notAllowed(HttpExchange exchange, String allowed) throws IOException {
    exchange.getResponseHeaders().add("Allow", allowed);
    HttpReplies.problem(
        exchange,
        405,
        "Method Not Allowed",
        exchange.getRequestMethod() + " is not supported here; use " + allowed);
  }

  private static byte[] openApi() throws IOException {
    try (InputStream in =
        FaultSwitchServer.class.getResourceAsStream("/fault-switch-openapi.json")) {
      if (in == null) {
        throw new IOException("fault-switch-openapi.json missing from the classpath");
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
