package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import java.nio.file.Path;

/**
 * The real KV service for component tests: three RocksDB nodes and the coordinator in this JVM on
 * free loopback ports, reached over HTTP by the same client the simulator uses in production.
 */
final class TestKv implements AutoCloseable {

  private final LocalKvCluster cluster;
  private final KvClient client;

  private TestKv(LocalKvCluster cluster) {
    this.cluster = cluster;
    this.client = cluster.newClient();
  }

  static TestKv start(Path dir) {
    return new TestKv(LocalKvCluster.start(dir));
  }

  KvClient client() {
    return client;
  }

  LocalKvCluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    client.close();
    cluster.close();
  }
}
