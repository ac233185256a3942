package dev.dronedispatch.ops;

import static dev.dronedispatch.checking.history.Simulation.HOME;
import static dev.dronedispatch.checking.history.Simulation.north;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.history.Simulation;
import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ops audit} in-process against a real broker: it reads the status history, the requests and
 * the telemetry of its window and judges them. Each test records its own day, so the windows never
 * see each other's (or another test class's) records.
 */
@ExtendWith(RealKafkaExtension.class)
class AuditCommandTest {

  private static String bootstrap;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  private static void publish(Simulation sim) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (var e : sim.requests()) {
        send(producer, Topics.DELIVERIES_REQUESTED.name(), e.id(), e.requestedAt(), e);
      }
      for (var e : sim.telemetry()) {
        send(producer, Topics.DRONES_TELEMETRY.name(), e.droneId(), e.ts(), e);
      }
      for (var e : sim.statuses()) {
        send(producer, Topics.DELIVERIES_STATUS.name(), e.deliveryId(), e.ts(), e);
      }
    }
  }

  private static void send(
      KafkaProducer<String, String> producer, String topic, String key, Instant ts, Object value)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic, null, ts.toEpochMilli(), key, Json.mapper().writeValueAsString(value)))
        .get();
  }

  private static String audit(Simulation sim, Instant from, int expectedExitCode) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        OpsMain.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "audit",
            "--bootstrap-servers",
            bootstrap,
            "--from",
            from.toString(),
            "--to",
            sim.now().plusSeconds(1).toString());
    assertThat(err.toString()).isEmpty();
    assertThat(code).as(out.toString()).isEqualTo(expectedExitCode);
    return out.toString();
  }

  @Test
  void correctDeliveriesPassWithEveryEventVerified() throws Exception {
    Instant day = Instant.parse("2026-12-01T10:00:00Z");
    Simulation sim =
        new Simulation("audit-drone-1", HOME, day)
            .deliver("audit-ok-1", north(HOME, 2), north(HOME, 4))
            .deliver("audit-ok-2", north(HOME, 3), HOME);
    publish(sim);

    String out = audit(sim, day, ExitCode.OK.code);

    assertThat(out)
        .contains("failed: 0, unfinished: 0")
        .contains("2 deliveries, 2 delivered, 0 violations, 0 unverifiable")
        .contains("read 8 status events, 2 requests, " + sim.telemetry().size());
  }

  @Test
  void theRealDefectExitsWithViolationsAndNamesThem() throws Exception {
    Instant day = Instant.parse("2026-12-02T10:00:00Z");
    Simulation sim =
        new Simulation("audit-drone-2", HOME, day)
            .deliver("audit-defect-1", HOME, north(HOME, 1))
            .pickUpAtOnce("audit-defect-2", north(HOME, 6), north(HOME, 7));
    publish(sim);

    String out = audit(sim, day, ExitCode.VIOLATIONS.code);

    assertThat(out)
        .contains("PICKED_UP_AWAY_FROM_ORIGIN delivery=audit-defect-2 drone=audit-drone-2")
        .contains("PICKED_UP_TOO_SOON delivery=audit-defect-2")
        .contains("2 deliveries, 1 delivered, 2 violations, 0 unverifiable");
  }

  /** One delivery handed back by a lost drone and carried by another, one failed after pickup. */
  @Test
  void aHandBackAndAFailureWithAReasonPassAndTheFailureIsCounted() throws Exception {
    Instant day = Instant.parse("2026-12-03T10:00:00Z");
    GeoPoint origin = north(HOME, 2);
    Simulation lost =
        new Simulation("audit-drone-3", HOME, day)
            .setOff("audit-handed-back", origin, north(HOME, 3))
            .hover(2)
            .handBack("audit-handed-back");
    Simulation other =
        new Simulation("audit-drone-4", origin, lost.now())
            .deliver("audit-handed-back", origin, north(HOME, 3))
            .pickUp("audit-failed", north(HOME, 4), north(HOME, 6))
            .hover(1)
            .fail("audit-failed", DeliveryDocument.DRONE_LOST)
            .hover(1);
    publish(lost);
    publish(other);

    String out = audit(other, day, ExitCode.OK.code);

    assertThat(out)
        .contains("failed: 1 (drone_lost 1), unfinished: 0")
        .contains("2 deliveries, 1 delivered, 0 violations, 0 unverifiable");
  }
}
