package dev.dronedispatch.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.DispatchApplication;
import dev.dronedispatch.kafka.EmbeddedKafkaBroker;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dispatcher started before its topics exist (a launcher or deployment still creating them, a
 * broker still electing leaders): the topology's start fails, is retried on a fresh instance with
 * back-off, and the process stays live but not ready meanwhile (the overall health answers 503,
 * with the attempts and the last error in its details); once the topics appear it runs and turns
 * ready. A broker of its own, so the topics start missing whatever ran before in this JVM.
 */
@SpringBootTest(
    classes = DispatchApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed after the method, before @AfterAll stops the broker: the streams then close at once
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class StartupRetryTest {

  private static EmbeddedKafkaBroker kafka;
  private static LocalKvCluster kv;
  private static Path dir;

  @LocalServerPort int port;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("dispatch-startup-test");
    kafka = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
    kv = LocalKvCluster.start(dir.resolve("kv"));
  }

  @AfterAll
  static void stop() {
    if (kv != null) {
      kv.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    DispatchTestProperties.register(
        registry, () -> kafka.bootstrapServers(), () -> kv, () -> dir, "dispatch-startup-test-");
  }

  @Test
  void aStartThatFailsIsRetriedUntilTheTopicsExistAndOnlyThenIsTheDispatcherReady()
      throws Exception {
    ManagementClient mgmt = new ManagementClient(port, Duration.ofSeconds(120));
    HttpResponse<String> retrying =
        mgmt.awaitGet(
            "/actuator/health",
            r ->
                r.body().contains("\"phase\":\"starting\"")
                    && !r.body().contains("\"failed_start_attempts\":0"));
    assertThat(retrying.body()).contains("last_start_error").doesNotContain("Exception\\n\\tat");
    assertThat(retrying.statusCode()).as("not ready, so not UP overall").isEqualTo(503);
    assertThat(mgmt.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
    assertThat(mgmt.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

    kafka.createTopics(Topics.names(), 2);

    mgmt.awaitGet("/actuator/health/readiness", r -> r.statusCode() == 200);
    HttpResponse<String> health =
        mgmt.awaitGet(
            "/actuator/health", r -> r.statusCode() == 200 && r.body().contains("\"RUNNING\""));
    assertThat(health.body()).contains("\"phase\":\"running\"");
    assertThat(mgmt.get("/actuator/prometheus").body()).contains("dispatch_startup_retries_total");
  }
}
