package dev.dronedispatch.simulator.bench;

import dev.dronedispatch.kv.embedded.LocalKvCluster;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The real KV cluster (3 nodes + coordinator) as a child process of the scale harness, so its CPU
 * is not counted as the simulator's. Prints {@code KV_URL=<url> <client token>} when ready; stops
 * when stdin closes.
 */
public final class KvClusterProcess {

  private KvClusterProcess() {}

  public static void main(String[] args) throws IOException {
    try (LocalKvCluster cluster = LocalKvCluster.start(Path.of(args[0]))) {
      System.out.println("KV_URL=" + cluster.coordinatorUrl() + " " + cluster.clientToken());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait until the parent closes our stdin
      }
    }
  }
}
