package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.outbox.OutboxKeys;
import dev.dronedispatch.kafka.listener.TopicRecords;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka unreachable at POST time: the gateway stores the delivery, answers 503 with its Location
 * (never 201), and the outbox gets it published later by a gateway that can reach Kafka. A retry
 * with the same Idempotency-Key replays it instead of creating a second delivery.
 */
class OutboxTest {

  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
  }

  @Test
  void storedButUnpublishedDeliveryIsPublishedLaterAndNeverAnsweredWith201() {
    GatewayCluster.Gateway cut =
        cluster.start(
            "gw-no-kafka",
            Map.of(
                "gateway.kafka-bootstrap-servers",
                "127.0.0.1:" + GatewayCluster.freePort(),
                "gateway.publish-timeout",
                "1s"));
    try {
      String key = "outbox-" + UUID.randomUUID();
      String body = Orders.random(new Random(21));
      Http.Response r =
          Http.postJson(cut.url() + "/deliveries", body, Map.of("Idempotency-Key", key));
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      String location = r.header("Location");
      assertThat(location).startsWith("/deliveries/");
      String id = location.substring("/deliveries/".length());
      assertThat(Http.get(cluster.a().url() + location).json().get("status").asString())
          .isEqualTo("pending");
      assertThat(Kv.scanAll(cluster.kv(), OutboxKeys.PREFIX))
          .anyMatch(e -> e.key().endsWith(":" + id));

      // a healthy gateway's sweeper publishes it once the grace period has passed
      var records =
          TopicRecords.readUntil(
              cluster.kafka().bootstrapServers(),
              Topics.DELIVERIES_REQUESTED.name(),
              seen -> seen.stream().anyMatch(rec -> rec.key().equals(id)),
              Duration.ofSeconds(30));
      assertThat(records).anyMatch(rec -> rec.key().equals(id));
      Instant deadline = Instant.now().plusSeconds(10);
      while (Kv.scanAll(cluster.kv(), OutboxKeys.PREFIX).stream()
              .anyMatch(e -> e.key().endsWith(":" + id))
          && Instant.now().isBefore(deadline)) {
        Thread.onSpinWait();
      }
      assertThat(Kv.scanAll(cluster.kv(), OutboxKeys.PREFIX))
          .noneMatch(e -> e.key().endsWith(":" + id));

      // the client retries with its key on a healthy instance: the same delivery, replayed
      Http.Response retry =
          Http.postJson(cluster.b().url() + "/deliveries", body, Map.of("Idempotency-Key", key));
      assertThat(retry.status()).isEqualTo(200);
      assertThat(retry.json().get("id").asString()).isEqualTo(id);
      assertThat(Kv.scanAll(cluster.kv(), KvKeys.DELIVERIES_BY_TIME_PREFIX))
          .filteredOn(e -> e.value().asString().equals(id))
          .hasSize(1);
      // and its readiness says why it cannot take traffic
      Http.Response health = Http.get(cut.url() + "/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().get("kafka").asString()).isEqualTo("down");
      assertThat(Http.get(cut.url() + "/actuator/health/readiness").status()).isEqualTo(503);
      assertThat(Http.get(cut.url() + "/actuator/health/liveness").status()).isEqualTo(200);
    } finally {
      cut.context().close();
    }
  }
}
