package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.kv.web.ServerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a whole KV cluster (3 nodes + coordinator) in one process, for a developer machine: {@code
 * DATA_DIR} (data/kv), {@code PORT} (the coordinator's, 9000), {@code NODE_PORTS} (comma-separated,
 * one per node, 0 = a free port; default {@code 0,0,0}, or {@code 9001,9002,9003} for the
 * documented ports). Stops cleanly on Ctrl-C.
 */
public final class LocalKvClusterMain {

  private LocalKvClusterMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServerMain.configureLogging();
    Map<String, String> env = ServerMain.settings(args);
    List<Integer> nodePorts = new ArrayList<>();
    for (String p : env.getOrDefault("NODE_PORTS", "0,0,0").split(",")) {
      nodePorts.add(Integer.parseInt(p.trim()));
    }
    LocalKvCluster cluster =
        LocalKvCluster.start(
            Path.of(env.getOrDefault("DATA_DIR", "data/kv")),
            Integer.parseInt(env.getOrDefault("PORT", "9000")),
            nodePorts,
            !"false".equalsIgnoreCase(env.getOrDefault("SYNC_WRITES", "true")));
    System.out.println(
        "KV cluster up: coordinator " + cluster.coordinatorUrl() + ", nodes " + cluster.nodeUrls());
    System.out.println(
        "clients authenticate with: Authorization: Bearer "
            + cluster.clientToken()
            + " (a new token each start)");
    ServerMain.runUntilShutdown(cluster);
  }
}
