package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.kv.coordinator.CoordinatorConfig;
import dev.dronedispatch.kv.coordinator.CoordinatorServer;
import dev.dronedispatch.kv.node.NodeConfig;
import dev.dronedispatch.kv.node.NodeServer;
import dev.dronedispatch.kv.web.Access;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real KV cluster in this JVM: three RocksDB nodes and a coordinator ({@link #addCoordinator}
 * starts more), each with its own HTTP server on a free loopback port and its own data directory
 * under {@code dir}. For integration tests of other modules and the local launcher. Starting again
 * on the same {@code dir} finds the data of the previous run.
 *
 * <p>Secured as a deployed KV is: each start generates a client token and a node token; {@link
 * #clientSettings()} and {@link #newClient()} hand the client token to the clients of the test.
 */
public final class LocalKvCluster implements AutoCloseable {

  private final List<NodeServer> nodes;
  private final List<NodeConfig> nodeConfigs = new ArrayList<>();

  /** Per coordinator, its settings (with its port) and the running server (null when stopped). */
  private final List<CoordinatorConfig> coordinatorConfigs = new ArrayList<>();

  private final List<CoordinatorServer> coordinators = new ArrayList<>();

  private LocalKvCluster(
      List<NodeServer> nodes, CoordinatorServer coordinator, CoordinatorConfig coordinatorConfig) {
    this.nodes = new ArrayList<>(nodes);
    coordinators.add(coordinator);
    coordinatorConfigs.add(coordinatorConfig.withPort(coordinator.port()));
    for (NodeServer n : nodes) {
      nodeConfigs.add(n.config().withPort(n.port()));
    }
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
    return start(dir, nodeCount, coordinatorPort, true);
  }

  /**
   * As {@link #start(Path, int, int)}; {@code syncWrites} false skips the WAL fsync before
   * acknowledging (faster, but a power loss can lose acknowledged writes; for measurements only).
   */
  public static LocalKvCluster start(
      Path dir, int nodeCount, int coordinatorPort, boolean syncWrites) {
    return start(dir, coordinatorPort, java.util.Collections.nCopies(nodeCount, 0), syncWrites);
  }

  /**
   * One node per entry of {@code nodePorts} (0 = a free port), e.g. {@code List.of(9001, 9002,
   * 9003)} with coordinator port 9000 for the documented local ports.
   */
  public static LocalKvCluster start(
      Path dir, int coordinatorPort, List<Integer> nodePorts, boolean syncWrites) {
    List<NodeServer> nodes = new ArrayList<>();
    try {
      Access.Bearer clientAccess = Access.Bearer.generate();
      Access.Bearer nodeAccess = Access.Bearer.generate();
      for (int i = 0; i < nodePorts.size(); i++) {
        String id = "node-" + (char) ('a' + i);
        nodes.add(
            NodeServer.start(
                NodeConfig.local(id, dir.resolve(id), nodeAccess)
                    .withPort(nodePorts.get(i))
                    .withSyncWrites(syncWrites)));
      }
      List<String> backends = new ArrayList<>();
      for (NodeServer n : nodes) {
        backends.add(n.config().nodeId() + "=" + n.url());
      }
      CoordinatorConfig config =
          CoordinatorConfig.local(backends, dir.resolve("coordinator"), clientAccess, nodeAccess)
              .withPort(coordinatorPort);
      CoordinatorServer coordinator = CoordinatorServer.start(config);
      return new LocalKvCluster(nodes, coordinator, config);
    } catch (RuntimeException e) {
      nodes.forEach(NodeServer::close);
      throw e;
    }
  }

  /** The first coordinator's URL. */
  public synchronized String coordinatorUrl() {
    return "http://127.0.0.1:" + coordinatorConfigs.get(0).port();
  }

  /** Every coordinator's URL, comma-separated: what a client's {@code KV_URL} names. */
  public synchronized String kvUrl() {
    return String.join(
        ",", coordinatorConfigs.stream().map(c -> "http://127.0.0.1:" + c.port()).toList());
  }

  /**
   * Starts one more coordinator over the same nodes, with the same tokens and its own data
   * directory beside the first one's; {@link #kvUrl()} names it from now on.
   */
  public synchronized CoordinatorServer addCoordinator() {
    CoordinatorConfig first = coordinatorConfigs.get(0);
    Path dataDir =
        first
            .dataDir()
            .resolveSibling(first.dataDir().getFileName() + "-" + (coordinators.size() + 1));
    CoordinatorConfig config =
        first.with(
            b -> {
              b.port = 0;
              b.dataDir = dataDir;
            });
    CoordinatorServer added = CoordinatorServer.start(config);
    coordinators.add(added);
    coordinatorConfigs.add(config.withPort(added.port()));
    return added;
  }

  /** The token clients present to the coordinator ({@code KV_AUTH_TOKEN}). */
  public String clientToken() {
    return coordinatorConfigs.get(0).access().credential().orElseThrow();
  }

  /** The coordinator's token for the nodes ({@code KV_NODE_TOKEN}), for tests that call a node. */
  public String nodeToken() {
    return coordinatorConfigs.get(0).nodeAccess().credential().orElseThrow();
  }

  /** Client defaults with this cluster's client token. */
  public KvClientSettings clientSettings() {
    return KvClientSettings.defaults().withAuthToken(clientToken());
  }

  /** A new client of every coordinator with this cluster's client token; the caller closes it. */
  public HttpKvClient newClient() {
    return HttpKvClient.create(kvUrl(), clientSettings());
  }

  /** The nodes' base URLs, stopped nodes included. */
  public synchronized List<String> nodeUrls() {
    return nodeConfigs.stream().map(c -> "http://127.0.0.1:" + c.port()).toList();
  }

  /** The running nodes (a stopped node's slot holds null). */
  public synchronized List<NodeServer> nodes() {
    return new ArrayList<>(nodes);
  }

  /** The first coordinator. */
  public synchronized CoordinatorServer coordinator() {
    return coordinator(0);
  }

  /** Coordinator {@code index} (0 is the first), null while stopped. */
  public synchronized CoordinatorServer coordinator(int index) {
    return coordinators.get(index);
  }

  /** Stops node {@code index} (its data stays on disk); the coordinator sees it go down. */
  public synchronized void stopNode(int index) {
    NodeServer n = nodes.get(index);
    if (n != null) {
      n.close();
      nodes.set(index, null);
    }
  }

  /** Starts node {@code index} again on its port and data directory. */
  public synchronized NodeServer startNode(int index) {
    if (nodes.get(index) == null) {
      nodes.set(index, NodeServer.start(nodeConfigs.get(index)));
    }
    return nodes.get(index);
  }

  /**
   * Starts one more node, not yet a member: the next letter's id, a free port, the nodes' token, a
   * data directory beside the others'. A membership change makes it one ({@code POST
   * /admin/membership/join}); {@link #nodes()} lists it from now on.
   */
  public synchronized NodeServer addNode() {
    return addNode(0);
  }

  /** {@link #addNode()} on {@code port} (0: a free one). */
  public synchronized NodeServer addNode(int port) {
    NodeConfig first = nodeConfigs.get(0);
    String id = "node-" + (char) ('a' + nodeConfigs.size());
    NodeConfig config =
        NodeConfig.local(id, first.dataDir().resolveSibling(id), first.access())
            .withPort(port)
            .withSyncWrites(first.syncWrites());
    NodeServer added = NodeServer.start(config);
    nodes.add(added);
    nodeConfigs.add(config.withPort(added.port()));
    return added;
  }

  /** Restarts the first coordinator on its port and data directory (hints survive). */
  public synchronized void restartCoordinator() {
    stopCoordinator(0);
    startCoordinator(0);
  }

  /** Stops the first coordinator only (to restart it later with {@link #startCoordinator}). */
  public synchronized void stopCoordinator() {
    stopCoordinator(0);
  }

  public synchronized void startCoordinator() {
    startCoordinator(0);
  }

  /** Starts the first coordinator with settings {@code change} makes (same port, data, tokens). */
  public synchronized void startCoordinator(UnaryOperator<CoordinatorConfig> change) {
    coordinatorConfigs.set(0, change.apply(coordinatorConfigs.get(0)));
    startCoordinator(0);
  }

  /** Stops coordinator {@code index}; its port and data directory stay its own. */
  public synchronized void stopCoordinator(int index) {
    CoordinatorServer c = coordinators.get(index);
    if (c != null) {
      c.close();
      coordinators.set(index, null);
    }
  }

  /** Starts coordinator {@code index} again on its port and data directory. */
  public synchronized void startCoordinator(int index) {
    if (coordinators.get(index) == null) {
      coordinators.set(index, CoordinatorServer.start(coordinatorConfigs.get(index)));
    }
  }

  @Override
  public synchronized void close() {
    for (CoordinatorServer c : coordinators) {
      if (c != null) {
        c.close();
      }
    }
    for (NodeServer n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }
}
