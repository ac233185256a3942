package dev.dronedispatch.checking.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the drone faults act on: the fleet simulator's operator-only fault switch, which makes one
 * drone of a running system fail ({@code POST /sim/drones/{id}/fail?mode=}) and clears it ({@code
 * DELETE}), presenting the operator's {@code FAULT_SWITCH_TOKEN}.
 */
public final class DroneFaultSwitch {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String url;
  private final String token;

  /** The switch at {@code url}, e.g. {@code http://127.0.0.1:8083}, opened by {@code token}. */
  public DroneFaultSwitch(String url, String token) {
    this.url = url;
    this.token = token;
  }

  void fail(String droneId, String mode) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(uri(droneId, "?mode=" + mode))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  void clear(String droneId) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(uri(droneId, "")).DELETE());
  }

  private URI uri(String droneId, String query) {
    return URI.create(url + "/sim/drones/" + droneId + "/fail" + query);
  }

  private void send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request.header("Authorization", "Bearer " + token).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(
          r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
    }
  }
}
