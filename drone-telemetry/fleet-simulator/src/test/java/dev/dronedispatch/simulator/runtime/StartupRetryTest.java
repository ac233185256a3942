package dev.dronedispatch.simulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.model.startup.StartupProgress;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.simulator.FleetSimulatorMain;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator starts while the KV's storage nodes are still down (as when the launcher restarts
 * everything on a loaded machine): it reports why it is not up yet and tries again, and it is up
 * once the nodes are.
 */
@ExtendWith(RealKafkaExtension.class)
class StartupRetryTest {

  private static String bootstrap;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  @Test
  void aStartWhileTheKvIsDownIsRetriedUntilTheKvIsBack(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    SimulatorConfig config =
        SimulatorConfig.fromEnv(
            Map.of(
                "DRONE_POOL_MAX", "3",
                "DRONE_TICK_SEC", "0.1",
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    StartupProgress progress = new StartupProgress();
    try (TestKv kv = TestKv.start(dir)) {
      for (int i = 0; i < 3; i++) {
        kv.cluster().stopNode(i);
      }
      CompletableFuture<FleetSimulator> starting =
          CompletableFuture.supplyAsync(
              () -> FleetSimulator.start(config, kv.client(), metrics, progress));
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> progress.failedAttempts() >= 2);
        assertThat(starting).isNotDone();
        assertThat(FleetSimulatorMain.starting(progress).up()).isFalse();
        assertThat(FleetSimulatorMain.starting(progress).details())
            .containsEntry("phase", "starting");
        assertThat((String) progress.details().get("last_start_error"))
            .contains("KvUnavailableException");

        for (int i = 0; i < 3; i++) {
          kv.cluster().startNode(i);
        }
        FleetSimulator sim = starting.get(120, TimeUnit.SECONDS);
        try (sim) {
          assertThat(sim.size()).isEqualTo(3);
          await().atMost(Duration.ofSeconds(30)).until(() -> sim.health().up());
          assertThat(progress.details()).containsEntry("phase", "running");
          assertThat(metrics.counter("simulator.startup.retries").count()).isGreaterThan(1);
        }
      } finally {
        starting.cancel(true);
      }
    }
  }
}
