package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway whose KV is down: its first requests find the KV unavailable, then its circuit breaker
 * opens and further requests are answered 503 with Retry-After without calling the KV at all; the
 * breaker's state is on the health endpoint and in Prometheus.
 */
class KvFailFastTest {

  private static final Pattern NOT_PERMITTED =
      Pattern.compile(
          "resilience4j_circuitbreaker_not_permitted_calls_total\\{[^}]*name=\"kv\"[^}]*} (\\S+)");

  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
  }

  @Test
  void aGatewayWhoseKvIsDownFailsFastOnceItsBreakerHasOpened() {
    GatewayCluster.Gateway cut =
        cluster.start(
            "gw-kv-down",
            Map.of(
                "gateway.kv-url", "http://127.0.0.1:" + GatewayCluster.freePort(),
                "gateway.kv-circuit.window", "4",
                "gateway.kv-circuit.minimum-calls", "4",
                "gateway.kv-circuit.open-for", "600"));
    try {
      Random rnd = new Random(7);
      for (int i = 0; i < 4; i++) {
        Http.Response r = post(cut, rnd);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("type").asString()).endsWith("kv-unavailable");
      }
      double notPermittedBefore = notPermitted(cut);

      for (int i = 0; i < 5; i++) {
        Http.Response r = post(cut, rnd);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.header("Retry-After")).isNotBlank();
        assertThat(r.json().get("type").asString()).endsWith("kv-unavailable");
      }

      // the five were refused by the breaker, not sent to the KV
      assertThat(notPermitted(cut) - notPermittedBefore).isGreaterThanOrEqualTo(5);
      Http.Response readiness = Http.get(cut.url() + "/actuator/health/readiness");
      assertThat(readiness.status()).isEqualTo(503);
      assertThat(readiness.json().at("/components/kv/details/circuit").asString())
          .isEqualTo("OPEN");
      assertThat(Http.get(cut.url() + "/actuator/prometheus").body())
          .containsPattern(
              "resilience4j_circuitbreaker_state\\{[^}]*name=\"kv\"[^}]*state=\"open\"[^}]*} 1\\.0");
    } finally {
      cut.context().close();
    }
  }

  private static Http.Response post(GatewayCluster.Gateway g, Random rnd) {
    return Http.postJson(
        g.url() + "/deliveries",
        Orders.random(rnd),
        Map.of("Idempotency-Key", "kv-down-" + UUID.randomUUID()));
  }

  private static double notPermitted(GatewayCluster.Gateway g) {
    Matcher m = NOT_PERMITTED.matcher(Http.get(g.url() + "/actuator/prometheus").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
