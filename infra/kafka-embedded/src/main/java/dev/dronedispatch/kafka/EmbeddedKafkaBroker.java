package dev.dronedispatch.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka node in KRaft mode (broker and controller in one server), started in this JVM from
 * the {@code org.apache.kafka} server artifacts: a single-node cluster, or one node of a cluster
 * whose nodes all name the same quorum. Its log directory is kept, so a restart on the same
 * directory keeps the topics and their data.
 */
public final class EmbeddedKafkaBroker implements KafkaCluster {

  /**
   * How to start the broker. Port 0 picks a free loopback port (single node only). {@code quorum}
   * is every node of the cluster as {@code id@host:controllerPort}, this one included; {@code
   * replication} is how many copies of each topic's data the cluster keeps. Without {@code
   * security} the listeners are PLAINTEXT and anyone who reaches them may do anything.
   */
  public record Settings(
      Path dataDir,
      int port,
      int controllerPort,
      int defaultPartitions,
      int nodeId,
      List<String> quorum,
      int replication,
      Optional<BrokerSecurity> security) {

    public Settings {
      quorum = List.copyOf(quorum);
      if (replication < 1 || (!quorum.isEmpty() && replication > quorum.size())) {
        throw new IllegalArgumentException(
            "replication " + replication + " needs as many nodes, quorum " + quorum);
      }
    }

    /** A single-node cluster: this broker is its own controller and keeps one copy of each. */
    public Settings(Path dataDir, int port, int controllerPort, int defaultPartitions) {
      this(dataDir, port, controllerPort, defaultPartitions, 1, List.of(), 1, Optional.empty());
    }

    /** These settings with SASL/SCRAM listeners and ACLs. */
    public Settings withSecurity(BrokerSecurity s) {
      return new Settings(
          dataDir,
          port,
          controllerPort,
          defaultPartitions,
          nodeId,
          quorum,
          replication,
          Optional.of(s));
    }

    public static Settings ephemeral() {
      try {
        return new Settings(Files.createTempDirectory("kafka-embedded-"), 0, 0, 6);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * In-sync replicas an acknowledged write needs: with three or more copies a write survives one
     * broker down and still lands on two.
     */
    public int minInSyncReplicas() {
      return replication >= 3 ? 2 : 1;
    }
  }

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final String CLUSTER_ID = "ZHJvbmVkaXNwYXRjaA";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Optional<BrokerSecurity> security;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, String bootstrapServers, Optional<BrokerSecurity> security) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.security = security;
  }

  /** Formats the log directory when it is new, then starts the server and waits until ready. */
  public static EmbeddedKafkaBroker start(Settings settings) {
    int port = settings.port() == 0 ? freePort() : settings.port();
    int controllerPort = settings.controllerPort() == 0 ? freePort() : settings.controllerPort();
    try {
      Path logDir = settings.dataDir().resolve("kraft-logs");
      Files.createDirectories(logDir);
      Properties props = serverProperties(logDir, port, controllerPort, settings);
      formatIfNew(props, settings.dataDir(), settings.security());
      KafkaRaftServer server =
          new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      EmbeddedKafkaBroker broker =
          new EmbeddedKafkaBroker(server, "127.0.0.1:" + port, settings.security());
      KafkaTopics.awaitBrokers(broker.clientProperties(), 1, READY_TIMEOUT);
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka data directory", e);
    }
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** As the super user when the broker is secured: what creating topics and granting needs. */
  @Override
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>(KafkaCluster.super.clientProperties());
    security.ifPresent(s -> p.putAll(s.superUserClientProperties()));
    return p;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties serverProperties(
      Path logDir, int port, int controllerPort, Settings settings) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(settings.nodeId()));
    p.put(
        "controller.quorum.voters",
        settings.quorum().isEmpty()
            ? settings.nodeId() + "@127.0.0.1:" + controllerPort
            : String.join(",", settings.quorum()));
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", Integer.toString(settings.defaultPartitions()));
    p.put("auto.create.topics.enable", "false");
    // every topic, internal ones included, keeps `replication` copies and acknowledges a write
    // (acks=all) once `min.insync.replicas` of them have it
    String copies = Integer.toString(settings.replication());
    String minIsr = Integer.toString(settings.minInSyncReplicas());
    p.put("default.replication.factor", copies);
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", copies);
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.replication.factor", copies);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "6");
    p.put("share.coordinator.state.topic.replication.factor", copies);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    settings.security().ifPresent(s -> s.applyTo(p, port, controllerPort));
    return p;
  }

  private static void formatIfNew(Properties props, Path dataDir, Optional<BrokerSecurity> security)
      throws IOException {
    Path propsFile = dataDir.resolve("server.properties");
    // owner-only from its creation: on a secured broker it holds the super user's password
    Files.deleteIfExists(propsFile);
    Files.createFile(
        propsFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer w = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
      props.store(w, "written by EmbeddedKafkaBroker");
    }
    List<String> args =
        new ArrayList<>(
            List.of("format", "-t", CLUSTER_ID, "-c", propsFile.toString(), "--ignore-formatted"));
    security.ifPresent(s -> args.addAll(s.formatArguments()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc =
        StorageTool.execute(
            args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException(
          "kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
