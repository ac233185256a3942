package dev.dronedispatch.bench.chaos;

import dev.dronedispatch.checking.fault.DroneFaultSwitch;
import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.checking.fault.FindDrone;
import dev.dronedispatch.checking.fault.LoseDrone;
import dev.dronedispatch.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The nemesis's drone step, through the checking kit's drone faults on the simulator's fault
 * switch: one busy drone goes {@code silent}, another {@code stranded}; once the dispatcher had
 * time to call them lost, both are cleared, so they report again and are found.
 */
final class DroneFaults {

  private static final List<LoseDrone.Mode> MODES =
      List.of(LoseDrone.Mode.SILENT, LoseDrone.Mode.STRANDED);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String gatewayUrl;
  private final String apiKey;
  private final DroneFaultSwitch faultSwitch;
  private final Duration lostAfter;

  /**
   * {@code apiKey}: an order client's, enough to read the drones; {@code faultSwitchToken}: the
   * switch's.
   */
  DroneFaults(
      String gatewayUrl,
      String apiKey,
      int faultSwitchPort,
      String faultSwitchToken,
      Duration lostAfter) {
    this.gatewayUrl = gatewayUrl;
    this.apiKey = apiKey;
    this.faultSwitch =
        new DroneFaultSwitch("http://127.0.0.1:" + faultSwitchPort, faultSwitchToken);
    this.lostAfter = lostAfter;
  }

  /** Loses up to two busy drones, waits past the lost limit, finds them; answers how many. */
  int loseAndFind(FaultLog log) throws IOException, InterruptedException {
    List<String> busy = busyDrones();
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < Math.min(MODES.size(), busy.size()); i++) {
      new LoseDrone(MODES.get(i)).inject(faultSwitch, busy.get(i), log);
      lost.add(busy.get(i));
    }
    Thread.sleep(lostAfter.plusSeconds(15).toMillis());
    for (String drone : lost) {
      new FindDrone().inject(faultSwitch, drone, log);
    }
    return lost.size();
  }

  private List<String> busyDrones() throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(gatewayUrl + "/drones"))
                .header("X-Api-Key", apiKey)
                .timeout(TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET /drones answered " + r.statusCode() + ": " + r.body());
    }
    List<String> busy = new ArrayList<>();
    for (JsonNode drone : Json.mapper().readTree(r.body()).path("items")) {
      if ("busy".equals(drone.path("status").asString())) {
        busy.add(drone.path("id").asString());
      }
    }
    Collections.shuffle(busy);
    return busy;
  }
}
