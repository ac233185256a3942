package dev.dronedispatch.gateway.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.it.GatewayCluster;
import dev.dronedispatch.gateway.it.Http;
import dev.dronedispatch.gateway.it.Orders;
import dev.dronedispatch.gateway.it.SseClient;
import dev.dronedispatch.gateway.it.Topic;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three gateway instances behind a real nginx running infra/nginx/nginx.conf on loopback: round
 * robin, pass-through of content types, SSE without buffering, the timed access log, and retries on
 * the next upstream only where a retry is safe.
 */
class NginxLoadBalancerTest {

  private static GatewayCluster cluster;
  private static Path binary;
  private static Nginx nginx;

  @BeforeAll
  static void start() {
    Optional<Path> bin = Nginx.binary();
    Assumptions.assumeTrue(
        bin.isPresent(),
        "nginx binary not found (install Debian's nginx: apt-get install -y nginx, or set"
            + " NGINX_BIN); skipping the load balancer tests");
    binary = bin.get();
    cluster = GatewayCluster.get();
    List<String> servers = new ArrayList<>();
    for (GatewayCluster.Gateway g : cluster.gateways()) {
      servers.add("server 127.0.0.1:" + g.port() + " max_fails=3 fail_timeout=5s;");
    }
    nginx =
        Nginx.start(binary, GatewayCluster.freePort(), servers).awaitReady(Duration.ofSeconds(15));
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  @Test
  void passesJsonThroughAndSpreadsRequestsOverTheInstances() {
    Set<String> instances = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      Http.Response r = Http.get(nginx.url() + "/zones");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.json().get("zones").size()).isPositive();
      instances.add(r.header("X-Gateway-Instance"));
    }
    assertThat(instances).hasSizeGreaterThanOrEqualTo(2);

    Set<String> creators = new HashSet<>();
    Random rnd = new Random(31);
    for (int i = 0; i < 6; i++) {
      Http.Response r =
          Http.postJson(
              nginx.url() + "/deliveries",
              Orders.random(rnd),
              Map.of("Idempotency-Key", UUID.randomUUID().toString()));
      assertThat(r.status()).isEqualTo(201);
      creators.add(r.header("X-Gateway-Instance"));
    }
    assertThat(creators).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void accessLogHasTheRequestTimeInMillisecondsAndTheUpstream() throws IOException {
    String marker = "/zones?probe=" + UUID.randomUUID();
    assertThat(Http.get(nginx.url() + marker).status()).isEqualTo(200);
    Instant deadline = Instant.now().plusSeconds(10);
    String line = null;
    while (line == null && Instant.now().isBefore(deadline)) {
      line =
          Files.readAllLines(nginx.accessLog()).stream()
              .filter(l -> l.contains(marker))
              .findFirst()
              .orElse(null);
    }
    assertThat(line).isNotNull();
    assertThat(line).containsPattern("status=200 ").containsPattern("request_ms=\\d+ ");
    assertThat(line).containsPattern("upstream=127\\.0\\.0\\.1:\\d+");
    assertThat(line).containsPattern("request_id=[0-9a-f]{32}");
  }

  @Test
  void sseFlowsThroughNginxUnbuffered() {
    try (SseClient sse = SseClient.connect(nginx.url())) {
      sse.await(e -> "kpi".equals(e.event()), Duration.ofSeconds(20));
      String id = "nginx-sse-" + UUID.randomUUID();
      DeliveryStatusChanged assigned =
          new DeliveryStatusChanged(
              id,
              DeliveryStatus.ASSIGNED,
              "drone-3",
              null,
              Instant.now(),
              Instant.now(),
              "assigned",
              null);
      Topic.send(
          cluster.kafka().bootstrapServers(),
          Topics.DELIVERIES_STATUS.name(),
          id,
          Json.mapper().writeValueAsString(assigned));
      sse.await(SseClient.event("delivery", id), Duration.ofSeconds(20));
    }
  }

  @Test
  void retriesOnTheNextUpstreamOnlyWhenSafe() {
    try (ResettingUpstream broken = new ResettingUpstream();
        Nginx lb =
            Nginx.start(
                    binary,
                    GatewayCluster.freePort(),
                    List.of(
                        "server 127.0.0.1:" + broken.port() + " max_fails=0;",
                        "server 127.0.0.1:" + cluster.a().port() + " backup;"))
                .awaitReady(Duration.ofSeconds(15))) {
      // GET is idempotent: the broken upstream fails, the next one answers
      assertThat(Http.get(lb.url() + "/zones").status()).isEqualTo(200);
      String body = Orders.random(new Random(32));
      // POST with an Idempotency-Key is retried too
      Http.Response keyed =
          Http.postJson(
              lb.url() + "/deliveries",
              body,
              Map.of("Idempotency-Key", UUID.randomUUID().toString()));
      assertThat(keyed.status()).isEqualTo(201);
      // POST without a key is not: it may have been processed
      Http.Response unkeyed = Http.postJson(lb.url() + "/deliveries", body, Map.of());
      assertThat(unkeyed.status()).isEqualTo(502);
      assertThat(broken.requests()).isGreaterThanOrEqualTo(3);
    }
  }
}
