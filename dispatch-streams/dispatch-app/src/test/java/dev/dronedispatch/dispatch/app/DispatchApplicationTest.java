package dev.dronedispatch.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.DispatchApplication;
import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The packaged application against the real broker and the real KV service: health, Prometheus
 * metrics with Kafka Streams' meters, the interactive queries, OpenAPI and problem bodies. The
 * context is closed after the class: a cached one would keep its stream threads consuming the
 * shared broker's topics, retrying a stopped KV, through every later test in the JVM.
 */
@ExtendWith(RealKafkaExtension.class)
@DirtiesContext
@SpringBootTest(
    classes = DispatchApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DispatchApplicationTest {

  private static KafkaCluster kafka;
  private static LocalKvCluster kv;
  private static Path dir;

  @LocalServerPort int port;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    kafka.createTopics(Topics.names(), 6);
    dir = Files.createTempDirectory("dispatch-app-test");
    kv = LocalKvCluster.start(dir.resolve("kv"));
  }

  @AfterAll
  static void stop() {
    if (kv != null) {
      kv.close();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    DispatchTestProperties.register(
        registry, () -> kafka.bootstrapServers(), () -> kv, () -> dir, "dispatch-app-test-");
  }

  @Test
  void servesHealthMetricsQueriesAndProblems() throws Exception {
    ManagementClient mgmt = new ManagementClient(port, Duration.ofSeconds(60));
    HttpResponse<String> health =
        mgmt.awaitGet(
            "/actuator/health", r -> r.statusCode() == 200 && r.body().contains("RUNNING"));
    assertThat(health.body()).contains("\"status\":\"UP\"");
    assertThat(Json.mapper().readTree(health.body()).at("/components/kv/status").asString())
        .isEqualTo("UP");

    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    var t = Topics.DRONES_TELEMETRY;
    try (KafkaProducer<String, DroneTelemetry> producer =
        new KafkaProducer<>(p, t.keySerde().serializer(), t.valueSerde().serializer())) {
      producer.send(
          new ProducerRecord<>(
              t.name(),
              "drone-1",
              new DroneTelemetry(
                  "drone-1",
                  WeightClass.MEDIUM,
                  DroneStatus.IDLE,
                  new GeoPoint(41.9, 12.5),
                  80,
                  false,
                  null,
                  null,
                  45,
                  1,
                  Instant.now())));
    }
    HttpResponse<String> fleet =
        mgmt.awaitGet(
            "/dispatch/fleet", r -> r.statusCode() == 200 && r.body().contains("\"total\":1"));
    assertThat(fleet.body())
        .contains("\"by_class\"")
        .contains("\"medium\":{")
        .contains("\"idle\":1");

    HttpResponse<String> pending = mgmt.awaitGet("/dispatch/pending", r -> r.statusCode() == 200);
    assertThat(pending.body())
        .contains("\"pending\":0")
        .contains("\"oldest_pending_age_s\":null")
        .contains("\"scope\":\"cluster\"");
    assertThat(mgmt.get("/dispatch/pending?scope=local").body()).contains("\"scope\":\"local\"");

    HttpResponse<String> bad = mgmt.get("/dispatch/pending?scope=everywhere");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("content-type"))
        .hasValueSatisfying(c -> assertThat(c).contains("application/problem+json"));
    assertThat(bad.body()).doesNotContain("Exception").contains("\"status\":400");

    HttpResponse<String> prometheus = mgmt.get("/actuator/prometheus");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("kafka_stream_").contains("dispatch_pick");

    HttpResponse<String> openapi = mgmt.get("/v3/api-docs");
    assertThat(openapi.statusCode()).isEqualTo(200);
    assertThat(openapi.body()).contains("/dispatch/pending").contains("/dispatch/fleet");
  }
}
