package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.kv.coordinator.CoordinatorConfig;
import dev.dronedispatch.kv.coordinator.KvCoordinator;
import dev.dronedispatch.kv.node.KvNode;
import dev.dronedispatch.kv.node.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real KV cluster in this JVM: three RocksDB nodes and the coordinator, each with its own HTTP
 * server on a free loopback port and its own data directory under {@code dir}. For integration
 * tests of other modules and the local launcher. Starting again on the same {@code dir} finds the
 * data of the previous run.
 */
public final class LocalKvCluster implements AutoCloseable {

  private final List<KvNode> nodes;
  private final KvCoordinator coordinator;

  private LocalKvCluster(List<KvNode> nodes, KvCoordinator coordinator) {
    this.nodes = nodes;
    this.coordinator = coordinator;
  }

  /** Three nodes + coordinator (RF 2), on free loopback ports. */
  public static LocalKvCluster start(Path dir) {
    return start(dir, 3, 0);
  }

  /**
   * {@code nodeCount} nodes + coordinator; {@code coordinatorPort} 0 for a free port (the launcher
   * passes 9000).
   */
  public static LocalKvCluster start(Path dir, int nodeCount, int coordinatorPort) {
    List<KvNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < nodeCount; i++) {
        String id = "node-" + (char) ('a' + i);
        nodes.add(KvNode.start(NodeConfig.local(id, dir.resolve(id))));
      }
      List<String> backends = new ArrayList<>();
      for (KvNode n : nodes) {
        backends.add(n.config().nodeId() + "=" + n.url());
      }
      KvCoordinator coordinator =
          KvCoordinator.start(
              CoordinatorConfig.local(backends, dir.resolve("coordinator"))
                  .withPort(coordinatorPort));
      return new LocalKvCluster(nodes, coordinator);
    } catch (RuntimeException e) {
      nodes.forEach(KvNode::close);
      throw e;
    }
  }

  public String coordinatorUrl() {
    return coordinator.url();
  }

  public List<String> nodeUrls() {
    return nodes.stream().map(KvNode::url).toList();
  }

  public List<KvNode> nodes() {
    return nodes;
  }

  public KvCoordinator coordinator() {
    return coordinator;
  }

  @Override
  public void close() {
    coordinator.close();
    for (KvNode n : nodes) {
      n.close();
    }
  }
}
