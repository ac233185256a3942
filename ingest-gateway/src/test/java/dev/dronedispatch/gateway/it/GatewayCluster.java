package dev.dronedispatch.gateway.it;

import dev.dronedispatch.gateway.GatewayApplication;
import dev.dronedispatch.gateway.security.ApiClients;
import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The integration tests' system, started once per test JVM and shared by every test class (JUnit
 * Jupiter and jqwik alike): one real Kafka broker, a real KV cluster (three RocksDB nodes and the
 * coordinator, in-process) and three gateway instances on free loopback ports, talking to both over
 * loopback. Instance "c" runs with a per-client rate limit (RL_CLIENT_RATE=1, RL_CLIENT_BURST=10)
 * as a production instance would; "a" and "b" run unlimited.
 */
public final class GatewayCluster {

  /** The order client every instance knows (its hash is what the gateways are given). */
  public static final String API_KEY = "it-order-client-key";

  /** The operator's login on every instance. */
  public static final String OPERATOR = "operator";

  public static final String OPERATOR_PASSWORD = "it-operator-password";

  /** One running gateway. */
  public record Gateway(String name, int port, ConfigurableApplicationContext context) {
    public String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  private static GatewayCluster instance;

  private final KafkaCluster kafka;
  private final LocalKvCluster kvCluster;
  private final KvClient kv;
  private final List<Gateway> gateways = new ArrayList<>();

  private GatewayCluster(KafkaCluster kafka, LocalKvCluster kvCluster) {
    this.kafka = kafka;
    this.kvCluster = kvCluster;
    this.kv = kvCluster.newClient();
  }

  public static synchronized GatewayCluster get() {
    if (instance == null) {
      KafkaCluster kafka = RealKafkaExtension.startCluster();
      kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
      LocalKvCluster kvCluster;
      try {
        kvCluster = LocalKvCluster.start(Files.createTempDirectory("gateway-it-kv-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      GatewayCluster c = new GatewayCluster(kafka, kvCluster);
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "gateway-cluster-stop"));
      // one after the other: Spring Boot re-initialises the JVM-wide logging system per start
      for (String name : List.of("gw-a", "gw-b", "gw-c")) {
        c.gateways.add(c.start(name, Map.of()));
      }
      instance = c;
    }
    return instance;
  }

  public KafkaCluster kafka() {
    return kafka;
  }

  /** A client of the KV cluster, for assertions. */
  public KvClient kv() {
    return kv;
  }

  public String kvUrl() {
    return kvCluster.coordinatorUrl();
  }

  public List<Gateway> gateways() {
    return List.copyOf(gateways);
  }

  public Gateway a() {
    return gateways.get(0);
  }

  public Gateway b() {
    return gateways.get(1);
  }

  /**
   * Starts one more gateway on this system's KV with extra properties (e.g. an unreachable Kafka);
   * the caller closes its context.
   */
  public Gateway start(String name, Map<String, String> extra) {
    int port = freePort();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("server.port", port);
    props.put("gateway.instance-id", name);
    props.put("gateway.kafka-bootstrap-servers", kafka.bootstrapServers());
    props.put("gateway.kv-url", kvCluster.coordinatorUrl());
    props.put("gateway.kv-auth-token", kvCluster.clientToken());
    props.put("gateway.access.api-key-hashes", "it-client=" + ApiClients.hash(API_KEY));
    props.put("gateway.access.operator-user", OPERATOR);
    props.put("gateway.access.operator-password", OPERATOR_PASSWORD);
    props.put("gateway.access.session-key", "it-session-key-shared-by-every-instance");
    props.put("gateway.outbox.sweep-interval", "1s");
    props.put("gateway.outbox.grace", "2s");
    props.put("gateway.stream.heartbeat", "2s");
    props.put("gateway.stream.kpi-lookback", "10m");
    props.put("gateway.idempotency-wait", "2s");
    // no dispatcher runs here, nothing is ever assigned: the default limit would close a class
    // once its oldest order is 10 minutes old, in a long run on a loaded machine
    props.put("gateway.admission.max-wait", "1h");
    props.putAll(extra);
    List<String> args = new ArrayList<>();
    props.forEach((k, v) -> args.add("--" + k + "=" + v));
    ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(GatewayApplication.class)
            .registerShutdownHook(false)
            .run(args.toArray(String[]::new));
    return new Gateway(name, port, ctx);
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void close() {
    for (Gateway g : gateways) {
      try {
        g.context().close();
      } catch (RuntimeException e) {
        // shutting down anyway
      }
    }
    kv.close();
    kvCluster.close();
    kafka.close();
  }
}
