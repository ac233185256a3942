package dev.dronedispatch.launcher;

import dev.dronedispatch.kafka.BrokerSecurity;
import dev.dronedispatch.model.kafka.KafkaIdentity;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which service processes the local system runs, with their configuration (the same environment
 * variables docker-compose sets) and credentials, in start stages: every service of a stage starts
 * together and must be healthy before the next stage starts. Each service gets only the credentials
 * its role needs: the nodes the node token, the coordinator both KV tokens, the KV's clients the
 * client token; on a secured Kafka the brokers the super user's password, each Kafka client its own
 * identity.
 */
public final class SystemPlan {

  static final String VERSION = "0.1.0-SNAPSHOT";

  /** The gateways' service name; the n-th instance's is {@link #instanceName}. */
  private static final String GATEWAY = "gateway";

  private SystemPlan() {}

  public static List<List<ServiceSpec>> stages(LaunchOptions o, LocalCredentials c) {
    return stages(o, c, Runtime.getRuntime().availableProcessors());
  }

  /** The stages on a machine with {@code cores}, which the JIT choice depends on. */
  static List<List<ServiceSpec>> stages(LaunchOptions o, LocalCredentials c, int cores) {
    List<List<ServiceSpec>> stages = planned(o, c);
    int jvms = jvms(stages);
    Set<String> gateways =
        IntStream.range(0, o.gateways())
            .mapToObj(i -> instanceName(GATEWAY, i))
            .collect(Collectors.toSet());
    return stages.stream()
        .map(
            stage ->
                stage.stream()
                    .map(
                        s ->
                            s.withJvmArgs(
                                o.jit().jvmArgs(gateways.contains(s.name()), jvms, cores)))
                    .toList())
        .toList();
  }

  /** Which compilers the service JVMs of {@code stages} run here, for the launcher's console. */
  public static String compilers(LaunchOptions o, List<List<ServiceSpec>> stages) {
    return o.jit().describe(jvms(stages), Runtime.getRuntime().availableProcessors());
  }

  private static int jvms(List<List<ServiceSpec>> stages) {
    return (int)
        stages.stream()
            .flatMap(List::stream)
            .filter(s -> s.program() instanceof Program.JavaJar)
            .count();
  }

  private static List<List<ServiceSpec>> planned(LaunchOptions o, LocalCredentials c) {
    List<List<ServiceSpec>> stages = new ArrayList<>();
    stages.add(IntStream.range(0, o.brokers()).mapToObj(i -> broker(o, c, i)).toList());
    stages.add(IntStream.range(0, o.kvNodes()).mapToObj(i -> kvNode(o, c, i)).toList());
    stages.add(
        IntStream.range(0, o.kvCoordinators()).mapToObj(i -> kvCoordinator(o, c, i)).toList());
    List<ServiceSpec> services = new ArrayList<>();
    IntStream.range(0, o.gateways()).mapToObj(i -> gateway(o, c, i)).forEach(services::add);
    IntStream.range(0, o.dispatchers()).mapToObj(i -> dispatch(o, c, i)).forEach(services::add);
    stages.add(services);
    List<ServiceSpec> last = new ArrayList<>();
    if (o.balanced()) {
      last.add(balancer(o));
    }
    last.add(simulator(o, c));
    if (o.orderGenerator()) {
      last.add(orderGenerator(o, c));
    }
    stages.add(last);
    return stages;
  }

  /**
   * The name of instance {@code index} of a replicated service: {@code base}, then {@code base-2},
   * ...
   */
  public static String instanceName(String base, int index) {
    return index == 0 ? base : base + "-" + (index + 1);
  }

  /** The name of dispatch instance {@code index}. */
  static String dispatchName(int index) {
    return instanceName("dispatch", index);
  }

  /** Where nginx's rendered configuration, logs and temp files live. */
  public static Path balancerDir(LaunchOptions o) {
    return o.dataDir().resolve("nginx");
  }

  /** The upstream lines nginx balances over: every gateway instance, as compose lists them. */
  public static List<String> balancerUpstreams(LaunchOptions o) {
    return IntStream.range(0, o.gateways())
        .mapToObj(
            i -> "server 127.0.0.1:" + o.gatewayInstancePort(i) + " max_fails=3 fail_timeout=5s;")
        .toList();
  }

  private static ServiceSpec broker(LaunchOptions o, LocalCredentials c, int index) {
    String name = instanceName("kafka", index);
    List<String> args =
        List.of(
            "--data-dir",
            o.dataDir().resolve(name).toString(),
            "--port",
            Integer.toString(o.kafkaPort(index)),
            "--controller-port",
            Integer.toString(o.kafkaControllerPort(index)),
            "--node-id",
            Integer.toString(index + 1),
            "--quorum",
            String.join(",", o.kafkaQuorum()),
            "--replication",
            Integer.toString(o.brokers()),
            "--partitions",
            Integer.toString(o.partitions()));
    // the password goes in the environment, not the arguments every local user can list
    Map<String, String> env =
        o.kafkaSecured()
            ? Map.of(
                BrokerSecurity.USER_KEY,
                LocalCredentials.KAFKA_ADMIN,
                BrokerSecurity.PASSWORD_KEY,
                c.kafkaPassword(LocalCredentials.KAFKA_ADMIN))
            : Map.of();
    return new ServiceSpec(
        name,
        new Program.JavaJar(
            o.executableJar("infra/kafka-embedded", "kafka-embedded-" + VERSION + "-exec.jar"),
            List.of("-Xmx512m"),
            args),
        env,
        new Readiness.Listening(o.kafkaPort(index)));
  }

  private static ServiceSpec balancer(LaunchOptions o) {
    Path dir = balancerDir(o);
    return new ServiceSpec(
        "nginx",
        new Program.Native(
            NginxConfig.binary().orElse(Path.of("nginx")),
            NginxConfig.foregroundArgs(dir, dir.resolve("nginx.conf"))),
        Map.of(),
        health(o.gatewayUrl() + "/nginx-health"));
  }

  public static String nodeName(int index) {
    return "kv-node-" + (char) ('a' + index);
  }

  private static ServiceSpec kvNode(LaunchOptions o, LocalCredentials c, int index) {
    String name = nodeName(index);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NODE_ID", name);
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(o.kvFirstNodePort() + index));
    env.put("DATA_DIR", o.dataDir().resolve("kv").resolve(name).toString());
    env.put("KV_NODE_TOKEN", c.kvNodeToken());
    return javaService(
        name,
        o.executableJar("kv-service/kv-node", "kv-node-" + VERSION + "-exec.jar"),
        "-Xmx256m",
        env,
        health(o.kvNodeUrl(index) + "/health"));
  }

  /** KV coordinator {@code index}: every one over all the nodes, each with its own hint store. */
  private static ServiceSpec kvCoordinator(LaunchOptions o, LocalCredentials c, int index) {
    String name = instanceName("kv-coordinator", index);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(o.kvCoordinatorPort(index)));
    env.put(
        "BACKENDS",
        IntStream.range(0, o.kvNodes()).mapToObj(o::kvNodeUrl).collect(Collectors.joining(",")));
    env.put("RF", "2");
    env.put("READ_REPAIR", "1");
    env.put("HINT_FLUSH_SEC", "2");
    env.put(
        "DATA_DIR",
        o.dataDir().resolve("kv").resolve(instanceName("coordinator", index)).toString());
    env.put("KV_AUTH_TOKEN", c.kvAuthToken());
    env.put("KV_NODE_TOKEN", c.kvNodeToken());
    return javaService(
        name,
        o.executableJar("kv-service/kv-coordinator", "kv-coordinator-" + VERSION + "-exec.jar"),
        "-Xmx256m",
        env,
        health(o.kvCoordinatorUrl(index) + "/health"));
  }

  private static ServiceSpec gateway(LaunchOptions o, LocalCredentials c, int index) {
    int port = o.gatewayInstancePort(index);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("KV_URL", o.kvUrl());
    env.put("KV_AUTH_TOKEN", c.kvAuthToken());
    env.put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
    env.put("GATEWAY_INSTANCE_ID", "gateway-" + (index + 1));
    kafkaIdentity(env, o, c, KafkaGrants.GATEWAY);
    env.put("DD_API_KEY_HASHES", c.apiKeyHashes());
    env.put("DD_OPERATOR_USER", c.operatorUser());
    env.put("DD_OPERATOR_PASSWORD", c.operatorPassword());
    env.put("DD_SESSION_KEY", c.sessionKey());
    return javaService(
        instanceName(GATEWAY, index),
        o.executableJar("ingest-gateway", "ingest-gateway-" + VERSION + "-exec.jar"),
        "-Xmx384m",
        env,
        health("http://127.0.0.1:" + port + "/actuator/health/readiness"));
  }

  private static ServiceSpec dispatch(LaunchOptions o, LocalCredentials c, int index) {
    String name = dispatchName(index);
    int port = o.dispatchPort(index);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MANAGEMENT_PORT", Integer.toString(port));
    env.put("KV_URL", o.kvUrl());
    env.put("KV_AUTH_TOKEN", c.kvAuthToken());
    env.put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
    kafkaIdentity(env, o, c, KafkaGrants.DISPATCH);
    env.put(
        "STATE_DIR", o.dataDir().resolve(name.replace("dispatch", "dispatch-state")).toString());
    env.put("DRONE_POOL_MAX", Integer.toString(o.drones()));
    return javaService(
        name,
        o.executableJar("dispatch-streams/dispatch-app", "dispatch-app-" + VERSION + ".jar"),
        "-Xmx512m",
        env,
        health("http://127.0.0.1:" + port + "/actuator/health"));
  }

  private static ServiceSpec simulator(LaunchOptions o, LocalCredentials c) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MANAGEMENT_PORT", Integer.toString(o.telemetryPort()));
    env.put("FAULT_SWITCH_PORT", Integer.toString(o.faultSwitchPort()));
    env.put("FAULT_SWITCH_TOKEN", c.faultSwitchToken());
    env.put("KV_URL", o.kvUrl());
    env.put("KV_AUTH_TOKEN", c.kvAuthToken());
    env.put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
    kafkaIdentity(env, o, c, KafkaGrants.SIMULATOR);
    env.put("DRONE_POOL_MAX", Integer.toString(o.drones()));
    env.put("TIME_ACCELERATION", Double.toString(o.timeAcceleration()));
    return javaService(
        "fleet-simulator",
        o.executableJar(
            "drone-telemetry/fleet-simulator", "fleet-simulator-" + VERSION + "-exec.jar"),
        "-Xmx384m",
        env,
        health("http://127.0.0.1:" + o.telemetryPort() + "/actuator/health"));
  }

  private static ServiceSpec orderGenerator(LaunchOptions o, LocalCredentials c) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LB_URL", o.gatewayUrl());
    env.put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
    kafkaIdentity(env, o, c, KafkaGrants.ORDER_GENERATOR);
    env.put("LOAD_FACTOR", Double.toString(o.orderLoad()));
    env.put("DD_API_KEY", c.apiKey());
    return javaService(
        "order-generator",
        o.executableJar(
            "drone-telemetry/order-generator", "order-generator-" + VERSION + "-exec.jar"),
        "-Xmx256m",
        env,
        new Readiness.Running());
  }

  /** On a secured cluster, the service's Kafka user and password (KafkaIdentity reads them). */
  private static void kafkaIdentity(
      Map<String, String> env, LaunchOptions o, LocalCredentials c, String user) {
    if (o.kafkaSecured()) {
      env.put(KafkaIdentity.USERNAME, user);
      env.put(KafkaIdentity.PASSWORD, c.kafkaPassword(user));
    }
  }

  private static ServiceSpec javaService(
      String name, Path jar, String heap, Map<String, String> env, Readiness ready) {
    return new ServiceSpec(name, new Program.JavaJar(jar, List.of(heap), List.of()), env, ready);
  }

  private static Readiness health(String url) {
    return new Readiness.HealthOk(URI.create(url));
  }
}
