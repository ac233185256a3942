package dev.dronedispatch.simulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import dev.dronedispatch.simulator.fleet.DroneFault;
import dev.dronedispatch.simulator.management.FaultSwitchServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault switch on a running simulator (real broker, real KV): a silenced drone's telemetry
 * stops while the others' goes on, and comes back with a gap in its sequence once cleared.
 */
@ExtendWith(RealKafkaExtension.class)
class FaultSwitchTest {

  private static final String TOKEN = "the-operators-token";
  private static String bootstrap;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  @Test
  void theSwitchListensOnLoopbackUnlessToldOtherwiseAndOnlyWithAToken() {
    assertThat(SimulatorConfig.defaults().faultSwitchHost()).isEqualTo("127.0.0.1");
    assertThat(SimulatorConfig.defaults().faultSwitchPort()).isEqualTo(8083);
    assertThat(SimulatorConfig.defaults().faultSwitchToken()).isEmpty();
    assertThat(SimulatorConfig.fromEnv(Map.of("FAULT_SWITCH_TOKEN", " ")).faultSwitchToken())
        .isEmpty();
  }

  @Test
  void aSilencedDroneStopsReportingUntilClearedWhileTheOthersGoOn(@TempDir Path dir)
      throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    SimulatorConfig config =
        SimulatorConfig.fromEnv(
            Map.of(
                "DRONE_POOL_MAX", "2",
                "DRONE_TICK_SEC", "0.05",
                // every tick, so the parked drone-2 counts the ticks
                "TELEMETRY_HEARTBEAT_SEC", "0",
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "FAULT_SWITCH_PORT", "0",
                "FAULT_SWITCH_TOKEN", TOKEN));
    try (TestKv kv = TestKv.start(dir);
        TelemetryTap tap = new TelemetryTap(bootstrap);
        FleetSimulator sim = FleetSimulator.start(config, kv.client(), metrics);
        FaultSwitchServer faults =
            FaultSwitchServer.start(
                config.faultSwitchHost(),
                config.faultSwitchPort(),
                config.faultSwitchToken().orElseThrow(),
                sim)) {
      tap.until(t -> t.droneId().equals("drone-1"), Duration.ofSeconds(30));
      tap.until(t -> t.droneId().equals("drone-2"), Duration.ofSeconds(30));

      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(url(faults, "/sim/drones/drone-1/fail?mode=silent"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(sim.fault("drone-1")).isEmpty();

      HttpResponse<String> silenced = post(faults, "/sim/drones/drone-1/fail?mode=silent");
      assertThat(silenced.statusCode()).as(silenced.body()).isEqualTo(200);
      assertThat(sim.fault("drone-1")).contains(DroneFault.SILENT);
      // the switch is applied on the tick thread before the answer, so no later tick reports
      Instant switched = Instant.now();
      long otherAtSwitch = last(tap.of("drone-2")).seq();
      tap.until(
          t -> t.droneId().equals("drone-2") && t.seq() >= otherAtSwitch + 40,
          Duration.ofSeconds(30));
      assertThat(tap.of("drone-1"))
          .as("drone-1 heard after it was silenced")
          .noneMatch(t -> t.ts().isAfter(switched));
      assertThat(metrics.get("simulator.drones.faulted").tag("mode", "silent").gauge().value())
          .isEqualTo(1.0);

      long lastHeard = last(tap.of("drone-1")).seq();
      HttpResponse<String> cleared =
          http.send(
              HttpRequest.newBuilder(url(faults, "/sim/drones/drone-1/fail"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(cleared.statusCode()).isEqualTo(200);
      tap.until(t -> t.droneId().equals("drone-1") && t.seq() > lastHeard, Duration.ofSeconds(30));
      DroneTelemetry back =
          tap.of("drone-1").stream().filter(t -> t.seq() > lastHeard).findFirst().orElseThrow();
      assertThat(back.seq()).as("the silent ticks show as a gap").isGreaterThan(lastHeard + 1);
      assertThat(metrics.counter("simulator.faults.switched", "mode", "cleared").count())
          .isEqualTo(1.0);

      assertThat(post(faults, "/sim/drones/drone-3/fail?mode=silent").statusCode()).isEqualTo(404);
    }
  }

  private HttpResponse<String> post(FaultSwitchServer faults, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(faults, path))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI url(FaultSwitchServer faults, String path) {
    return URI.create("http://127.0.0.1:" + faults.port() + path);
  }

  private static DroneTelemetry last(List<DroneTelemetry> records) {
    return records.get(records.size() - 1);
  }
}
