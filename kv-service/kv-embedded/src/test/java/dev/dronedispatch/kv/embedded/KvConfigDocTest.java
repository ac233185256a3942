package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.docs.ConfigTable;
import dev.dronedispatch.checking.docs.RecordingEnv;
import dev.dronedispatch.kv.coordinator.CoordinatorConfig;
import dev.dronedispatch.kv.node.NodeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The KV README's configuration tables name every key the node and the coordinator read, with the
 * defaults they really use.
 */
class KvConfigDocTest {

  private static final Path README = Path.of("../README.md");

  @Test
  void everyNodeKeyIsDocumentedWithItsDefault() throws Exception {
    RecordingEnv env = new RecordingEnv(Map.of("KV_NODE_TOKEN", "node-secret"));
    NodeConfig.fromEnv(env);
    assertThat(ConfigTable.read(README, "Node (`NodeMain`)").mistakesAbout(env.asked())).isEmpty();
  }

  @Test
  void everyCoordinatorKeyIsDocumentedWithItsDefault() throws Exception {
    RecordingEnv env =
        new RecordingEnv(Map.of("KV_AUTH_TOKEN", "client-secret", "KV_NODE_TOKEN", "node-secret"));
    CoordinatorConfig.fromEnv(env);
    assertThat(
            ConfigTable.read(README, "Coordinator (`CoordinatorMain`)").mistakesAbout(env.asked()))
        .isEmpty();
  }
}
