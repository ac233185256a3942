package dev.dronedispatch.ops.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A coordinator's error answer as one line for the operator. */
class KvProblemExceptionTest {

  private static final URI COORDINATOR = URI.create("http://127.0.0.1:9000");

  private static String problem(int status, String type, String detail) {
    return "{\"type\":\"https://dronedispatch.dev/problems/"
        + type
        + "\",\"title\":\"t\",\"status\":"
        + status
        + ",\"detail\":\""
        + detail
        + "\"}";
  }

  @Test
  void aRefusalOfTheRequestSpeaksForItself() {
    KvProblemException e =
        KvProblemException.of(
            COORDINATOR, 404, problem(404, "kv-no-such-member", "node-x is not a member"), true);
    assertThat(e.getMessage()).isEqualTo("node-x is not a member (404 kv-no-such-member)");
    assertThat(e.type()).isEqualTo("kv-no-such-member");
  }

  @Test
  void aRefusedTokenSaysWhereTheTokenComesFrom() {
    String body = problem(401, "unauthorized", "missing or wrong bearer token");
    assertThat(KvProblemException.of(COORDINATOR, 401, body, true).getMessage())
        .startsWith(
            "the KV coordinator at http://127.0.0.1:9000 did not take the nodes' token: missing"
                + " or wrong bearer token (401 unauthorized); give it with KV_NODE_TOKEN or"
                + " --kv-token-file");
    assertThat(KvProblemException.of(COORDINATOR, 401, body, false).getMessage())
        .contains("needs the KV nodes' token");
  }

  @Test
  void aFailingCoordinatorIsNamed() {
    assertThat(
            KvProblemException.of(
                    COORDINATOR, 503, problem(503, "kv-unavailable", "too few nodes"), true)
                .getMessage())
        .isEqualTo(
            "the KV coordinator at http://127.0.0.1:9000: too few nodes (503 kv-unavailable)");
    KvProblemException notAProblem =
        KvProblemException.of(COORDINATOR, 502, "<html>\n<b>Bad gateway</b>\n</html>", true);
    assertThat(notAProblem.getMessage())
        .isEqualTo(
            "the KV coordinator at http://127.0.0.1:9000 answered HTTP 502: <html> <b>Bad"
                + " gateway</b> </html>");
    assertThat(notAProblem.type()).isEmpty();
  }
}
