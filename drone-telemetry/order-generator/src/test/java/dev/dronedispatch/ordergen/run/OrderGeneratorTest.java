package dev.dronedispatch.ordergen.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ordergen.measure.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generator against a real HTTP endpoint answering like the gateway, with the dispatcher's
 * status events on a real Kafka broker.
 */
@ExtendWith(RealKafkaExtension.class)
class OrderGeneratorTest {

  private static String bootstrap;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  @Test
  void constantRateRunCountsErrorsByStatusAndMeasuresAssignmentAndDelivery() throws Exception {
    AtomicInteger created = new AtomicInteger();
    try (KafkaProducer<String, DeliveryStatusChanged> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true),
                Topics.DELIVERIES_STATUS.keySerde().serializer(),
                Topics.DELIVERIES_STATUS.valueSerde().serializer());
        GatewayDouble gateway =
            new GatewayDouble(
                4,
                0,
                10,
                id -> {
                  created.incrementAndGet();
                  // the "dispatcher" assigns and delivers, sometimes before the POST is answered
                  Instant now = Instant.now();
                  producer.send(status(id, DeliveryStatus.ASSIGNED, now.plusMillis(30)));
                  producer.send(status(id, DeliveryStatus.DELIVERED, now.plusMillis(250)));
                  producer.flush();
                })) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

      OrderGenerator gen =
          OrderGenerator.start(
              Settings.constant(gateway.url(), 50, 40, 8, Optional.of(bootstrap)), out);
      Report report = gen.report(Duration.ofSeconds(60));

      assertThat(report.sent()).isEqualTo(40);
      assertThat(report.completed()).isEqualTo(40);
      assertThat(report.errors()).isEqualTo(Map.of("503", 4L));
      assertThat(report.created()).isEqualTo(36).isEqualTo(created.get());
      assertThat(gateway.idsByKey()).hasSize(36);
      assertThat(report.postLatency().count()).isEqualTo(40);
      assertThat(report.requestToAssigned().count()).isEqualTo(36);
      assertThat(report.requestToDelivered().count()).isEqualTo(36);
      assertThat(report.requestToDelivered().p50Ms())
          .isGreaterThanOrEqualTo(report.requestToAssigned().p50Ms())
          .isGreaterThanOrEqualTo(200);
      assertThat(report.awaitingDelivery()).isZero();
      assertThat(report.throughputPerSec())
          .isCloseTo(40 / report.elapsedSec(), org.assertj.core.api.Assertions.within(1e-6));

      String printed = buffer.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("[ordergen] constant 50.0/s");
      assertThat(printed).contains("order generator report");
      assertThat(printed).contains("errors by status: {503=4}");
      assertThat(printed).contains("request -> delivered: n=36");
    }
  }

  @Test
  void latenciesCountTheTimeTheGeneratorFellBehindNotJustServiceTime() throws Exception {
    // one server thread, 100 ms per request, one request in flight: 50/s is due but ~10/s is served
    try (GatewayDouble gateway = new GatewayDouble(1, 100, 0, id -> {})) {
      OrderGenerator gen =
          OrderGenerator.start(
              Settings.constant(gateway.url(), 50, 20, 1, Optional.empty()),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      Report report = gen.report(Duration.ofSeconds(60));

      assertThat(report.created()).isEqualTo(20);
      assertThat(report.postServiceTime().p50Ms()).isGreaterThanOrEqualTo(90.0);
      // the 20th order was due at 380 ms but could only start after ~1.9 s of service
      assertThat(report.postLatency().maxMs()).isGreaterThan(1_500);
      assertThat(report.postLatency().p50Ms()).isGreaterThan(3 * report.postServiceTime().p50Ms());
      assertThat(report.statusTracked()).isFalse();
    }
  }

  @Test
  void burstyRunStopsAfterTotalWithAFreshIdempotencyKeyPerOrder() throws Exception {
    try (GatewayDouble gateway = new GatewayDouble(4, 0, 0, id -> {})) {
      OrderGenerator gen =
          OrderGenerator.start(
              Settings.bursty(gateway.url(), 30),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      Report report = gen.report(Duration.ofSeconds(60));

      assertThat(report.mode()).isEqualTo("bursty");
      assertThat(report.sent()).isEqualTo(30);
      assertThat(report.created()).isEqualTo(30);
      assertThat(gateway.idsByKey()).hasSize(30);
      assertThat(report.errors()).isEmpty();
    }
  }

  @Test
  void stopEndsAnOpenEndedRunWithAReport() throws Exception {
    try (GatewayDouble gateway = new GatewayDouble(2, 0, 0, id -> {})) {
      OrderGenerator gen =
          OrderGenerator.start(
              Settings.constant(gateway.url(), 100, 1_000_000, 4, Optional.empty()),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (gateway.posts() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      gen.stop();
      Report report = gen.report(Duration.ofSeconds(20));

      assertThat(report.sent()).isGreaterThanOrEqualTo(10).isLessThan(1_000_000);
      assertThat(report.completed()).isEqualTo(report.sent());
    }
  }

  private static ProducerRecord<String, DeliveryStatusChanged> status(
      String id, DeliveryStatus s, Instant ts) {
    return new ProducerRecord<>(
        Topics.DELIVERIES_STATUS.name(),
        id,
        new DeliveryStatusChanged(id, s, "drone-1", null, ts, ts, null, null));
  }
}
