package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.checking.fault.Kill;
import dev.dronedispatch.checking.fault.Restart;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators, each its own JVM, over the same three nodes; clients know both. Under puts,
 * reads and compare-and-sets, each coordinator in turn is killed with SIGKILL (and the first
 * started again before the second dies): no acknowledged write is lost, the register's history is
 * linearizable (the checking kit's checker), and the clients carry on through the other one.
 */
class CoordinatorKillTest {

  @TempDir Path dir;

  private static final int CLIENTS = 4;
  private static final int OPS_PER_PHASE = 150;
  private static final Duration PHASE = Duration.ofSeconds(90);

  private final FaultLog faults = new FaultLog();

  @Test
  void killingEitherCoordinatorLosesNothingAndKeepsCasLinearizable() throws Exception {
    try (LocalKvCluster nodes = LocalKvCluster.start(dir.resolve("nodes"))) {
      nodes.stopCoordinator(); // the two below serve the clients
      String backends = backends(nodes);
      List<KvProcess> coordinators = new ArrayList<>();
      try {
        for (String id : List.of("coordinator-1", "coordinator-2")) {
          coordinators.add(
              KvProcess.coordinator(
                      id,
                      KvProcess.freePort(),
                      dir.resolve(id),
                      backends,
                      nodes.clientToken(),
                      nodes.nodeToken())
                  .start());
        }
        String kvUrl = coordinators.get(0).url() + "," + coordinators.get(1).url();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (HttpKvClient kv =
            HttpKvClient.create(
                kvUrl,
                nodes
                    .clientSettings()
                    .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3))
                    .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(300))
                    .withMeterRegistry(metrics))) {
          run(kv, coordinators);
        }
        assertThat(metrics.get("kv.client.failovers").counters())
            .as("the clients moved off a killed coordinator")
            .isNotEmpty();
      } finally {
        for (KvProcess c : coordinators) {
          c.close();
        }
      }
    }
  }

  private void run(HttpKvClient kv, List<KvProcess> coordinators) throws Exception {
    try (RegisterLoad load = RegisterLoad.start(kv, CLIENTS)) {
      load.awaitMore(OPS_PER_PHASE, PHASE);
      new Kill().inject(coordinators.get(0), faults);
      load.awaitMore(OPS_PER_PHASE, PHASE);
      new Restart().inject(coordinators.get(0), faults);
      new Kill().inject(coordinators.get(1), faults);
      load.awaitMore(OPS_PER_PHASE, PHASE);
      load.stopAndCheck(kv, faults.events());
    }
  }

  private static String backends(LocalKvCluster nodes) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.nodeUrls().size(); i++) {
      out.add(nodes.nodes().get(i).config().nodeId() + "=" + nodes.nodeUrls().get(i));
    }
    return String.join(",", out);
  }
}
