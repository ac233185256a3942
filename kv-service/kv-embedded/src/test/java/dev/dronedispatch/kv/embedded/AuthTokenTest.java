package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.kv.coordinator.CoordinatorConfig;
import dev.dronedispatch.kv.coordinator.CoordinatorServer;
import dev.dronedispatch.kv.node.NodeConfig;
import dev.dronedispatch.kv.node.NodeServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

/** With KV_AUTH_TOKEN set, nodes and coordinator refuse requests without the bearer token. */
class AuthTokenTest {

  @TempDir Path dir;

  @Test
  void requestsWithoutTheTokenAreRefusedAndTheClientWithItWorks() {
    String token = "s3cret";
    List<NodeServer> nodes = new ArrayList<>();
    List<String> backends = new ArrayList<>();
    CoordinatorServer coordinator = null;
    try {
      for (String id : List.of("node-a", "node-b")) {
        NodeServer n = NodeServer.start(NodeConfig.local(id, dir.resolve(id)).withAuthToken(token));
        nodes.add(n);
        backends.add(id + "=" + n.url());
      }
      coordinator =
          CoordinatorServer.start(
              CoordinatorConfig.local(backends, dir.resolve("coordinator")).withAuthToken(token));
      assertThat(Http.put(nodes.get(0).url() + "/kv/x", "{\"value\":1}").status()).isEqualTo(401);
      assertThat(Http.get(coordinator.url() + "/kv/x").status()).isEqualTo(401);
      assertThat(Http.get(coordinator.url() + "/health").status()).isEqualTo(200);
      try (HttpKvClient client =
          HttpKvClient.create(
              coordinator.url(), KvClientSettings.defaults().withAuthToken(token))) {
        assertThat(client.put("x", IntNode.valueOf(1)).block().written()).isEqualTo(2);
        assertThat(client.get("x").block().orElseThrow().value().asInt()).isEqualTo(1);
      }
    } finally {
      if (coordinator != null) {
        coordinator.close();
      }
      nodes.forEach(NodeServer::close);
    }
  }
}
