package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.kv.web.ServerMain;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a whole KV cluster (3 nodes + coordinator) in one process, for a developer machine: {@code
 * DATA_DIR} (data/kv), {@code PORT} (the coordinator's, 9000; the nodes take free ports), {@code
 * NODES} (3). Stops cleanly on Ctrl-C.
 */
public final class LocalKvClusterMain {

  private LocalKvClusterMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServerMain.configureLogging();
    Map<String, String> env = ServerMain.settings(args);
    LocalKvCluster cluster =
        LocalKvCluster.start(
            Path.of(env.getOrDefault("DATA_DIR", "data/kv")),
            Integer.parseInt(env.getOrDefault("NODES", "3")),
            Integer.parseInt(env.getOrDefault("PORT", "9000")));
    System.out.println(
        "KV cluster up: coordinator " + cluster.coordinatorUrl() + ", nodes " + cluster.nodeUrls());
    ServerMain.runUntilShutdown(cluster);
  }
}
