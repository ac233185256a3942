package dev.dronedispatch.simulator.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.simulator.fleet.DroneFault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault switch's HTTP contract, over a fleet of two drones kept in a map. */
class FaultSwitchServerTest {

  private static final String TOKEN = "the-operators-token";

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, DroneFault> faults = new ConcurrentHashMap<>();
  private FaultSwitchServer server;

  /** Two drones; a cleared fault is recorded by removing the entry. */
  private final FaultSwitch fleet =
      new FaultSwitch() {
        @Override
        public boolean fail(String droneId, DroneFault fault) {
          if (!known(droneId)) {
            return false;
          }
          faults.put(droneId, fault);
          return true;
        }

        @Override
        public boolean clearFault(String droneId) {
          faults.remove(droneId);
          return known(droneId);
        }

        private boolean known(String id) {
          return id.equals("drone-1") || id.equals("drone-2");
        }
      };

  @BeforeEach
  void start() {
    server = FaultSwitchServer.start("127.0.0.1", 0, new FaultSwitchToken(TOKEN), fleet);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(method, path, body, "Bearer " + TOKEN);
  }

  /** {@code authorization} null: no such header. */
  private HttpResponse<String> send(String method, String path, String body, String authorization)
      throws Exception {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, publisher)
            .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutTheTokenEveryChangeIsA401ProblemAndTheFleetIsUnchanged() throws Exception {
    faults.put("drone-2", DroneFault.STRANDED);
    Map<String, DroneFault> before = Map.copyOf(faults);
    List<String> refused =
        Arrays.asList(
            null,
            "Bearer wrong-token",
            "Bearer " + TOKEN + "x",
            "bearer " + TOKEN.toUpperCase(Locale.ROOT),
            "Bearer",
            "Bearer ",
            "Basic " + TOKEN,
            TOKEN,
            "Bearer  " + TOKEN,
            "Bearer \u00e9\u00e8",
            "Bearer " + "a".repeat(10_000));
    for (String authorization : refused) {
      for (String[] change :
          new String[][] {
            {"POST", "/sim/drones/drone-1/fail?mode=silent", null},
            {"POST", "/sim/drones/drone-1/fail", "{\"mode\":\"stranded\"}"},
            {"DELETE", "/sim/drones/drone-2/fail", null},
            {"POST", "/sim/drones/drone-9/fail?mode=exploded", "not json"}
          }) {
        HttpResponse<String> r = send(change[0], change[1], change[2], authorization);
        assertProblem(r, 401, "FAULT_SWITCH_TOKEN");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      }
    }
    assertThat(faults).isEqualTo(before);
  }

  @Test
  void theModeComesFromTheQueryOrTheBody() throws Exception {
    HttpResponse<String> silent = send("POST", "/sim/drones/drone-1/fail?mode=silent", null);
    assertThat(silent.statusCode()).isEqualTo(200);
    assertThat(silent.body()).contains("\"drone_id\":\"drone-1\"", "\"fault\":\"silent\"");
    assertThat(faults).containsEntry("drone-1", DroneFault.SILENT);

    HttpResponse<String> stranded =
        send("POST", "/sim/drones/drone-2/fail", "{\"mode\":\"stranded\"}");
    assertThat(stranded.statusCode()).isEqualTo(200);
    assertThat(faults).containsEntry("drone-2", DroneFault.STRANDED);
  }

  @Test
  void deleteClearsTheFault() throws Exception {
    send("POST", "/sim/drones/drone-1/fail?mode=stranded", null);
    HttpResponse<String> cleared = send("DELETE", "/sim/drones/drone-1/fail", null);
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(cleared.body()).contains("\"fault\":null");
    assertThat(faults).doesNotContainKey("drone-1");
  }

  @Test
  void anUnknownDroneIsA404Problem() throws Exception {
    for (HttpResponse<String> r :
        new HttpResponse[] {
          send("POST", "/sim/drones/drone-9/fail?mode=silent", null),
          send("DELETE", "/sim/drones/drone-9/fail", null)
        }) {
      assertProblem(r, 404, "drone-9");
    }
    assertThat(faults).isEmpty();
  }

  @Test
  void aMissingOrUnknownModeIs422AndABodyThatIsNotJsonIs400() throws Exception {
    assertProblem(send("POST", "/sim/drones/drone-1/fail", null), 422, "silent, stranded");
    assertProblem(send("POST", "/sim/drones/drone-1/fail?mode=exploded", null), 422, "exploded");
    assertProblem(send("POST", "/sim/drones/drone-1/fail", "{\"mode\":7}"), 422, "required");
    assertProblem(send("POST", "/sim/drones/drone-1/fail", "mode=silent"), 400, "not JSON");
    assertThat(faults).isEmpty();
  }

  @Test
  void otherPathsAndMethodsAreProblemsToo() throws Exception {
    assertProblem(send("GET", "/sim/drones/drone-1/fail", null), 405, "POST, DELETE");
    assertProblem(send("POST", "/sim/drones/drone-1", null), 404, "no such endpoint");
    HttpResponse<String> docs = send("GET", "/v3/api-docs", null);
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("/sim/drones/{id}/fail");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String detail) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(r.body()).contains("\"status\":" + status).contains(detail);
  }
}
