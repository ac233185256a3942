package dev.dronedispatch.bench.chaos;

import dev.dronedispatch.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * Fails drones of the running system through the simulator's operator-only fault switch: one busy
 * drone goes {@code silent}, another {@code stranded}; once the dispatcher had time to call them
 * lost, both are cleared, so they report again and are found.
 */
final class DroneFaults {

  private static final List<String> MODES = List.of("silent", "stranded");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String gatewayUrl;
  private final String faultSwitchUrl;
  private final Duration lostAfter;
  private final List<String> events = new CopyOnWriteArrayList<>();

  DroneFaults(String gatewayUrl, int faultSwitchPort, Duration lostAfter) {
    this.gatewayUrl = gatewayUrl;
    this.faultSwitchUrl = "http://127.0.0.1:" + faultSwitchPort;
    this.lostAfter = lostAfter;
  }

  /** What was done to which drone, and when. */
  List<String> events() {
    return List.copyOf(events);
  }

  /** Fails up to two busy drones, waits past the lost limit, clears them; answers how many. */
  int failAndClear() throws IOException, InterruptedException {
    List<String> busy = busyDrones();
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < Math.min(MODES.size(), busy.size()); i++) {
      String drone = busy.get(i);
      expectOk(
          send(
              HttpRequest.newBuilder(fail(drone, "?mode=" + MODES.get(i)))
                  .POST(HttpRequest.BodyPublishers.noBody())));
      events.add(Instant.now() + " " + drone + " " + MODES.get(i));
      failed.add(drone);
    }
    Thread.sleep(lostAfter.plusSeconds(15).toMillis());
    for (String drone : failed) {
      expectOk(send(HttpRequest.newBuilder(fail(drone, "")).DELETE()));
      events.add(Instant.now() + " " + drone + " cleared");
    }
    return failed.size();
  }

  private List<String> busyDrones() throws IOException, InterruptedException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/drones")).GET());
    expectOk(r);
    List<String> busy = new ArrayList<>();
    for (JsonNode drone : Json.mapper().readTree(r.body()).path("items")) {
      if ("busy".equals(drone.path("status").asString())) {
        busy.add(drone.path("id").asString());
      }
    }
    java.util.Collections.shuffle(busy);
    return busy;
  }

  private URI fail(String drone, String query) {
    return URI.create(faultSwitchUrl + "/sim/drones/" + drone + "/fail" + query);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expectOk(HttpResponse<String> r) throws IOException {
    if (r.statusCode() / 100 != 2) {
      throw new IOException(
          r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
    }
  }
}
