package dev.dronedispatch.launcher;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which service processes the local system runs, with their configuration (the same environment
 * variables docker-compose sets), in start stages: every service of a stage starts together and
 * must be healthy before the next stage starts.
 */
public final class SystemPlan {

  static final String VERSION = "0.1.0-SNAPSHOT";

  private SystemPlan() {}

  public static List<List<ServiceSpec>> stages(LaunchOptions o) {
    List<List<ServiceSpec>> stages = new ArrayList<>();
    stages.add(IntStream.range(0, o.kvNodes()).mapToObj(i -> kvNode(o, i)).toList());
    stages.add(List.of(kvCoordinator(o)));
    List<ServiceSpec> services = new ArrayList<>();
    services.add(gateway(o));
    IntStream.range(0, o.dispatchers()).mapToObj(i -> dispatch(o, i)).forEach(services::add);
    stages.add(services);
    List<ServiceSpec> last = new ArrayList<>();
    last.add(simulator(o));
    if (o.orderGenerator()) {
      last.add(orderGenerator(o));
    }
    stages.add(last);
    return stages;
  }

  static String nodeName(int index) {
    return "kv-node-" + (char) ('a' + index);
  }

  private static ServiceSpec kvNode(LaunchOptions o, int index) {
    String name = nodeName(index);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NODE_ID", name);
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(o.kvFirstNodePort() + index));
    env.put("DATA_DIR", o.dataDir().resolve("kv").resolve(name).toString());
    return new ServiceSpec(
        name,
        o.executableJar("kv-service/kv-node", "kv-node-" + VERSION + "-exec.jar"),
        List.of("-Xmx256m"),
        List.of(),
        env,
        health(o.kvNodeUrl(index) + "/health"));
  }

  private static ServiceSpec kvCoordinator(LaunchOptions o) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(o.kvCoordinatorPort()));
    env.put(
        "BACKENDS",
        IntStream.range(0, o.kvNodes()).mapToObj(o::kvNodeUrl).collect(Collectors.joining(",")));
    env.put("RF", "2");
    env.put("READ_REPAIR", "1");
    env.put("HINT_FLUSH_SEC", "2");
    env.put("DATA_DIR", o.dataDir().resolve("kv").resolve("coordinator").toString());
    return new ServiceSpec(
        "kv-coordinator",
        o.executableJar("kv-service/kv-coordinator", "kv-coordinator-" + VERSION + "-exec.jar"),
        List.of("-Xmx256m"),
        List.of(),
        env,
        health(o.kvUrl() + "/health"));
  }

  private static ServiceSpec gateway(LaunchOptions o) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SERVER_PORT", Integer.toString(o.gatewayPort()));
    env.put("KV_URL", o.kvUrl());
    env.put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
    env.put("GATEWAY_INSTANCE_ID", "gateway-1");
    return new ServiceSpec(
        "gateway",
        o.executableJar("ingest-gateway", "ingest-gateway-" + VERSION + "-exec.jar"),
        List.of("-Xmx384m"),
        List.of(),
        env,
        health(o.gatewayUrl() + "/actuator/health/readiness"));
  }

  /** The name of dispatch instance {@code index}: {@code dispatch}, then {@code dispatch-2}, ... */
  static String dispatchName(int index) {
    return index == 0 ? "dispatch" : "dispatch-" + (index + 1);
  }

  private static ServiceSpec dispatch(LaunchOptions o, int index) {
    String name = dispatchName(index);
    int port = o.dispatchPort(index);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MANAGEMENT_PORT", Integer.toString(port));
    env.put("KV_URL", o.kvUrl());
    env.put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
    env.put(
        "STATE_DIR", o.dataDir().resolve(name.replace("dispatch", "dispatch-state")).toString());
    env.put("DRONE_POOL_MAX", Integer.toString(o.drones()));
    return new ServiceSpec(
        name,
        o.executableJar("dispatch-streams/dispatch-app", "dispatch-app-" + VERSION + ".jar"),
        List.of("-Xmx512m"),
        List.of(),
        env,
        health("http://127.0.0.1:" + port + "/actuator/health"));
  }

  private static ServiceSpec simulator(LaunchOptions o) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MANAGEMENT_PORT", Integer.toString(o.telemetryPort()));
    env.put("FAULT_SWITCH_PORT", Integer.toString(o.faultSwitchPort()));
    env.put("KV_URL", o.kvUrl());
    env.put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
    env.put("DRONE_POOL_MAX", Integer.toString(o.drones()));
    env.put("TIME_ACCELERATION", Double.toString(o.timeAcceleration()));
    return new ServiceSpec(
        "fleet-simulator",
        o.executableJar(
            "drone-telemetry/fleet-simulator", "fleet-simulator-" + VERSION + "-exec.jar"),
        List.of("-Xmx384m"),
        List.of(),
        env,
        health("http://127.0.0.1:" + o.telemetryPort() + "/actuator/health"));
  }

  private static ServiceSpec orderGenerator(LaunchOptions o) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LB_URL", o.gatewayUrl());
    env.put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
    env.put("LOAD_FACTOR", Double.toString(o.orderLoad()));
    return new ServiceSpec(
        "order-generator",
        o.executableJar(
            "drone-telemetry/order-generator", "order-generator-" + VERSION + "-exec.jar"),
        List.of("-Xmx256m"),
        List.of(),
        env,
        Optional.empty());
  }

  private static Optional<URI> health(String url) {
    return Optional.of(URI.create(url));
  }
}
