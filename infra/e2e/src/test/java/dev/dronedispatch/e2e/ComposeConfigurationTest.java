package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.launcher.JitMode;
import dev.dronedispatch.launcher.KafkaGrants;
import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalCredentials;
import dev.dronedispatch.launcher.NginxConfig;
import dev.dronedispatch.launcher.PlaceholderCredentials;
import dev.dronedispatch.launcher.Program;
import dev.dronedispatch.launcher.ServiceSpec;
import dev.dronedispatch.launcher.SystemPlan;
import dev.dronedispatch.model.kafka.KafkaIdentity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this reads it and cross-checks it
 * against the code: every variable a service sets is one its module reads, ports, healthchecks,
 * volumes, dependencies and URLs fit together, and the images build the jars the build makes.
 */
class ComposeConfigurationTest {

  static final LocalCredentials CREDENTIALS = PlaceholderCredentials.ALL;

  /** Read by the JVM itself, not by the application. */
  private static final Set<String> JVM_KEYS = Set.of("JAVA_TOOL_OPTIONS");

  /** Read by every Kafka client of every service, through the shared {@link KafkaIdentity}. */
  private static final Set<String> KAFKA_IDENTITY_KEYS =
      Set.of(KafkaIdentity.USERNAME, KafkaIdentity.PASSWORD, KafkaIdentity.PROTOCOL);

  private static Path root;
  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void theScaledDeploymentHasEveryPart() {
    assertThat(services)
        .containsKeys(
            "kafka",
            "kafka-topics",
            "kv-a",
            "kv-b",
            "kv-c",
            "kv-coordinator",
            "kv-coordinator-2",
            "gateway-1",
            "gateway-2",
            "gateway-3",
            "nginx",
            "dispatch-1",
            "dispatch-2",
            "fleet-simulator",
            "order-generator");
    assertThat(image("kafka")).startsWith("apache/kafka:");
  }

  /** Only the load balancer (and Prometheus, on loopback) is reachable from outside. */
  @Test
  void nothingButNginxIsPublished() {
    for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
      Object ports = s.getValue().get("ports");
      switch (s.getKey()) {
        case "nginx" -> assertThat(list(ports)).containsExactly("8080:8080");
        case "prometheus" -> assertThat(list(ports)).allMatch(p -> p.startsWith("127.0.0.1:"));
        default -> assertThat(ports).as("%s publishes ports", s.getKey()).isNull();
      }
    }
  }

  /**
   * The KV servers get the tokens their roles need, from the environment, and compose refuses to
   * start without them; the KV's clients get only the client token.
   */
  @Test
  void theKvTakesItsCredentialsAndNoneHasADefault() {
    for (String node : List.of("kv-a", "kv-b", "kv-c")) {
      assertThat(env(node)).containsKey("KV_NODE_TOKEN").doesNotContainKey("KV_AUTH_TOKEN");
      assertThat(env(node).get("KV_NODE_TOKEN")).startsWith("${KV_NODE_TOKEN:?");
      assertThat(env(node)).containsEntry("HOST", "0.0.0.0");
    }
    assertThat(env("kv-coordinator")).containsKeys("KV_AUTH_TOKEN", "KV_NODE_TOKEN");
    for (String client : List.of("gateway-1", "dispatch-1", "fleet-simulator")) {
      assertThat(env(client).get("KV_AUTH_TOKEN")).startsWith("${KV_AUTH_TOKEN:?");
      assertThat(env(client)).doesNotContainKey("KV_NODE_TOKEN");
    }
  }

  /** Every gateway knows the order clients (hashed) and the operator; the generator its key. */
  @Test
  void theGatewaysAndTheOrderGeneratorTakeTheirCredentials() {
    for (String gateway : List.of("gateway-1", "gateway-2", "gateway-3")) {
      assertThat(env(gateway).get("DD_API_KEY_HASHES")).startsWith("${DD_API_KEY_HASHES:?");
      assertThat(env(gateway).get("DD_OPERATOR_PASSWORD")).startsWith("${DD_OPERATOR_PASSWORD:?");
      assertThat(env(gateway).get("DD_SESSION_KEY")).startsWith("${DD_SESSION_KEY:?");
      assertThat(env(gateway)).doesNotContainKey("DD_API_KEY");
    }
    assertThat(env("order-generator").get("DD_API_KEY")).startsWith("${DD_API_KEY:?");
  }

  @Test
  void everyVariableAServiceSetsIsReadByItsModule() {
    for (String name : builtServices()) {
      Set<String> read = ConfigurationKeys.readBy(root.resolve(module(name)));
      for (String key : env(name).keySet()) {
        assertThat(
                read.contains(key) || JVM_KEYS.contains(key) || KAFKA_IDENTITY_KEYS.contains(key))
            .as("%s sets %s, which %s never reads", name, key, module(name))
            .isTrue();
      }
    }
  }

  @Test
  void everyVariableTheLocalLauncherSetsIsReadToo() {
    for (LaunchOptions shape : List.of(launcherOptions(), launcherOptions().scaled())) {
      for (ServiceSpec spec : launched(shape)) {
        if (spec.program() instanceof Program.JavaJar java) {
          Path module = root.relativize(java.jar()).getParent().getParent();
          Set<String> read = new HashSet<>(ConfigurationKeys.readBy(root.resolve(module)));
          read.addAll(KAFKA_IDENTITY_KEYS);
          assertThat(read).as("keys %s reads", module).containsAll(spec.env().keySet());
        }
      }
    }
  }

  /**
   * {@code ./run.sh --scaled} is the compose deployment with the three-broker override, as local
   * processes: the same number of each service, the same replication, the same balancer file.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theLocalScaledDeploymentRunsWhatComposeRuns() throws IOException {
    Map<String, Object> override =
        new Yaml().load(Files.readString(root.resolve("infra/compose/kafka-cluster.yml")));
    Map<String, Map<String, Object>> brokers =
        (Map<String, Map<String, Object>>) override.get("services");
    List<ServiceSpec> local = launched(launcherOptions().scaled());

    assertThat(count(local, "kafka(-\\d+)?"))
        .isEqualTo(brokers.keySet().stream().filter(n -> n.matches("kafka(-\\d+)?")).count());
    assertThat(count(local, "kv-node-[a-z]")).isEqualTo(count(services.keySet(), "kv-[a-z]"));
    assertThat(count(local, "kv-coordinator(-\\d+)?"))
        .isEqualTo(count(services.keySet(), "kv-coordinator(-\\d+)?"));
    assertThat(count(local, "gateway(-\\d+)?")).isEqualTo(count(services.keySet(), "gateway-\\d+"));
    assertThat(count(local, "dispatch(-\\d+)?"))
        .isEqualTo(count(services.keySet(), "dispatch-\\d+"));
    assertThat(local)
        .extracting(ServiceSpec::name)
        .contains("kv-coordinator", "nginx", "fleet-simulator", "order-generator");

    Map<String, Object> brokerEnv = map(brokers.get("kafka").get("environment"));
    String replication =
        String.valueOf(
            map(brokers.get("kafka-topics").get("environment")).get("TOPIC_REPLICATION"));
    assertThat(byName(local, "kafka").program().command(Path.of("java")))
        .containsSubsequence("--replication", replication);
    assertThat(String.valueOf(brokerEnv.get("KAFKA_MIN_INSYNC_REPLICAS")))
        .as("what the launcher's brokers require of an acknowledged write")
        .isEqualTo("2");

    Map<String, String> coordinator = env("kv-coordinator");
    assertThat(byName(local, "kv-coordinator").env())
        .containsEntry("RF", coordinator.get("RF"))
        .containsEntry("READ_REPAIR", coordinator.get("READ_REPAIR"))
        .containsEntry("HINT_FLUSH_SEC", coordinator.get("HINT_FLUSH_SEC"));
    assertThat(list(services.get("nginx").get("volumes")))
        .as("nginx runs the file the launcher renders")
        .contains("./" + NginxConfig.SOURCE + ":/etc/nginx/nginx.conf:ro");
    assertThat(count(local, "gateway(-\\d+)?")).isEqualTo(LaunchOptions.SCALED_GATEWAYS);
  }

  /**
   * The brokers take SASL and ask the standard authorizer; every Kafka client of a service logs in
   * as that service's user, with a password compose refuses to start without.
   */
  @Test
  @SuppressWarnings("unchecked")
  void kafkaLetsInOnlyTheServicesIdentities() throws IOException {
    Map<String, Object> override =
        new Yaml().load(Files.readString(root.resolve("infra/compose/kafka-cluster.yml")));
    Map<String, Map<String, Object>> cluster =
        (Map<String, Map<String, Object>>) override.get("services");
    List<Map<String, String>> brokers =
        List.of(env("kafka"), stringMap(cluster.get("kafka-2")), stringMap(cluster.get("kafka-3")));
    for (Map<String, String> broker : brokers) {
      assertThat(broker)
          .containsEntry("KAFKA_LISTENERS", "SASL_PLAINTEXT://:9092,CONTROLLER://:9093")
          .containsEntry("KAFKA_INTER_BROKER_LISTENER_NAME", "SASL_PLAINTEXT")
          .containsEntry(
              "KAFKA_AUTHORIZER_CLASS_NAME",
              "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
          .containsEntry("KAFKA_SUPER_USERS", "User:admin")
          .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
      assertThat(broker.get("KAFKA_SASL_ENABLED_MECHANISMS")).contains("SCRAM-SHA-512");
      assertThat(broker.get("KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG"))
          .contains("password=\"${KAFKA_PASSWORD_ADMIN:?");
      assertThat(broker.get("KAFKA_ADVERTISED_LISTENERS")).startsWith("SASL_PLAINTEXT://");
    }
    Map<String, String> users =
        Map.of(
            "gateway-1", KafkaGrants.GATEWAY,
            "gateway-2", KafkaGrants.GATEWAY,
            "gateway-3", KafkaGrants.GATEWAY,
            "dispatch-1", KafkaGrants.DISPATCH,
            "dispatch-2", KafkaGrants.DISPATCH,
            "fleet-simulator", KafkaGrants.SIMULATOR,
            "order-generator", KafkaGrants.ORDER_GENERATOR);
    users.forEach(
        (service, user) -> {
          assertThat(env(service)).containsEntry(KafkaIdentity.USERNAME, user);
          assertThat(env(service).get(KafkaIdentity.PASSWORD))
              .startsWith(
                  "${KAFKA_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + ":?");
        });
  }

  /** kafka-topics creates every service's user and exactly the ACLs the launcher grants. */
  @Test
  void composeGrantsWhatTheLauncherGrants() {
    String setup = list(services.get("kafka-topics").get("command")).get(0);
    Set<String> created = new HashSet<>();
    Set<AclBinding> granted = new HashSet<>();
    for (String step : setup.split(";")) {
      List<String> words = List.of(step.trim().replace("'", "").split("\\s+"));
      if (words.get(0).equals("user") && words.size() == 3) {
        created.add(words.get(1));
      } else if (words.get(0).equals("acl")) {
        granted.addAll(acls(words));
      }
    }
    assertThat(created).containsExactlyInAnyOrderElementsOf(KafkaGrants.USERS);
    String applicationId = env("dispatch-1").get("APPLICATION_ID");
    assertThat(granted).containsExactlyInAnyOrderElementsOf(KafkaGrants.all(applicationId));
  }

  /** The bindings of one {@code acl User:x --operation Op … --topic t …} line. */
  private static List<AclBinding> acls(List<String> words) {
    String principal = words.get(1);
    List<AclOperation> operations = new ArrayList<>();
    List<ResourcePattern> resources = new ArrayList<>();
    PatternType pattern = words.contains("prefixed") ? PatternType.PREFIXED : PatternType.LITERAL;
    for (int i = 2; i < words.size(); i++) {
      String w = words.get(i);
      String next = i + 1 < words.size() ? words.get(i + 1) : "";
      switch (w) {
        case "--operation" ->
            operations.add(
                AclOperation.valueOf(
                    next.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)));
        case "--topic" -> resources.add(new ResourcePattern(ResourceType.TOPIC, next, pattern));
        case "--group" -> resources.add(new ResourcePattern(ResourceType.GROUP, next, pattern));
        case "--transactional-id" ->
            resources.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, next, pattern));
        case "--cluster" ->
            resources.add(
                new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, pattern));
        default -> {}
      }
    }
    List<AclBinding> bindings = new ArrayList<>();
    for (ResourcePattern r : resources) {
      for (AclOperation op : operations) {
        bindings.add(
            new AclBinding(r, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
      }
    }
    return bindings;
  }

  private static Map<String, String> stringMap(Map<String, Object> service) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    map(service.get("environment")).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  private static LaunchOptions launcherOptions() {
    return new LaunchOptions(
        root,
        root.resolve("data"),
        9092,
        9093,
        1,
        6,
        9000,
        9001,
        3,
        8080,
        1,
        8081,
        1,
        8082,
        60,
        10,
        true,
        1.0,
        JitMode.AUTO);
  }

  private static List<ServiceSpec> launched(LaunchOptions options) {
    return SystemPlan.stages(options, CREDENTIALS).stream().flatMap(List::stream).toList();
  }

  private static long count(List<ServiceSpec> specs, String pattern) {
    return count(specs.stream().map(ServiceSpec::name).collect(Collectors.toSet()), pattern);
  }

  private static long count(Set<String> names, String pattern) {
    return names.stream().filter(n -> n.matches(pattern)).count();
  }

  private static ServiceSpec byName(List<ServiceSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void imagesBuildTheExecutableJarsTheBuildProduces() throws IOException {
    String dockerfile = Files.readString(root.resolve("infra/docker/Dockerfile"));
    assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count())
        .as("multi-stage build")
        .isEqualTo(2);
    assertThat(dockerfile)
        .containsPattern("(?m)^USER dronedispatch$")
        .contains("ARG MODULE", "ARG JAR");
    for (String name : builtServices()) {
      Map<String, Object> build = map(services.get(name).get("build"));
      assertThat(build.get("dockerfile")).isEqualTo("infra/docker/Dockerfile");
      String jar = (String) map(build.get("args")).get("JAR");
      assertThat(jar).startsWith(module(name) + "/target/");
      assertThat(root.resolve(module(name)).resolve("pom.xml")).exists();
      assertThat(root.resolve(jar)).as("the jar %s builds", name).exists();
    }
  }

  @Test
  void healthchecksAndPublishedPortsUseThePortTheServiceListensOn() {
    for (String name : builtServices()) {
      Map<String, String> env = env(name);
      String port = firstOf(env, "PORT", "SERVER_PORT", "MANAGEMENT_PORT");
      if (port == null) {
        assertThat(services.get(name))
            .as("%s has no port, so no healthcheck", name)
            .doesNotContainKey("healthcheck");
        continue;
      }
      String check = String.join(" ", list(map(services.get(name).get("healthcheck")).get("test")));
      assertThat(check).as("healthcheck of %s", name).contains("localhost:" + port + "/");
      for (String mapping : list(services.get(name).getOrDefault("ports", List.of()))) {
        assertThat(mapping).endsWith(":" + port);
      }
      for (String exposed : list(services.get(name).getOrDefault("expose", List.of()))) {
        assertThat(exposed).isEqualTo(port);
      }
    }
  }

  @Test
  void dependenciesExistAndTheirConditionsCanBeMet() {
    for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
      Object deps = s.getValue().get("depends_on");
      if (deps == null) {
        continue;
      }
      for (Map.Entry<String, Object> d : map(deps).entrySet()) {
        assertThat(services).as("%s depends on %s", s.getKey(), d.getKey()).containsKey(d.getKey());
        String condition = (String) map(d.getValue()).get("condition");
        if ("service_healthy".equals(condition)) {
          assertThat(services.get(d.getKey()))
              .as("%s needs a healthcheck", d.getKey())
              .containsKey("healthcheck");
        } else {
          assertThat(condition).isEqualTo("service_completed_successfully");
          assertThat(services.get(d.getKey()).get("restart")).isEqualTo("no");
        }
      }
    }
  }

  @Test
  void dataDirectoriesLiveOnDeclaredVolumesAndEveryVolumeIsUsed() {
    Set<String> used = new HashSet<>();
    for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
      for (String volume : list(s.getValue().getOrDefault("volumes", List.of()))) {
        String[] parts = volume.split(":");
        if (parts[0].startsWith("./")) {
          assertThat(root.resolve(parts[0])).as("bind mount of %s", s.getKey()).exists();
          continue;
        }
        used.add(parts[0]);
        Map<String, String> env = env(s.getKey());
        String dataDir = firstOf(env, "DATA_DIR", "STATE_DIR", "KAFKA_LOG_DIRS");
        assertThat(parts[1]).as("volume target of %s", s.getKey()).isEqualTo(dataDir);
      }
    }
    assertThat(map(compose.get("volumes")).keySet()).containsExactlyInAnyOrderElementsOf(used);
  }

  @Test
  void serviceUrlsPointAtServicesAndTheirPorts() {
    for (String name : services.keySet()) {
      Map<String, String> env = env(name);
      List<String> urls = new ArrayList<>();
      for (String key : List.of("KV_URL", "LB_URL", "BACKENDS")) {
        if (env.containsKey(key)) {
          urls.addAll(List.of(env.get(key).split(",")));
        }
      }
      for (String url : urls) {
        URI uri = URI.create(url);
        assertThat(services).as("%s of %s", url, name).containsKey(uri.getHost());
        assertThat(listensOn(uri.getHost())).as("port of %s", url).isEqualTo(uri.getPort());
      }
      if (env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
        for (String server : env.get("KAFKA_BOOTSTRAP_SERVERS").split(",")) {
          assertThat(image(server.split(":")[0])).startsWith("apache/kafka:");
        }
      }
    }
  }

  @Test
  void theLoadBalancerAndPrometheusTargetRealServicePorts() throws IOException {
    Matcher upstream =
        Pattern.compile("(?m)^\\s*server ([a-z0-9-]+):(\\d+)")
            .matcher(Files.readString(root.resolve("infra/nginx/nginx.conf")));
    int gateways = 0;
    while (upstream.find()) {
      gateways++;
      assertThat(listensOn(upstream.group(1))).isEqualTo(Integer.parseInt(upstream.group(2)));
    }
    assertThat(gateways).isEqualTo(3);
    Matcher targets =
        Pattern.compile("\"([a-z0-9-]+):(\\d+)\"")
            .matcher(Files.readString(root.resolve("infra/prometheus/prometheus.yml")));
    int scraped = 0;
    while (targets.find()) {
      scraped++;
      assertThat(listensOn(targets.group(1))).isEqualTo(Integer.parseInt(targets.group(2)));
    }
    // every instance with metrics: the gateways, dispatchers, simulator, KV coordinators and nodes
    assertThat(scraped)
        .isEqualTo(
            count(services.keySet(), "gateway-\\d+")
                + count(services.keySet(), "dispatch-\\d+")
                + 1
                + count(services.keySet(), "kv-coordinator(-\\d+)?")
                + count(services.keySet(), "kv-[a-z]"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theThreeBrokerOverrideOnlyReferencesDefinedServicesAndVolumes() throws IOException {
    Map<String, Object> override =
        new Yaml().load(Files.readString(root.resolve("infra/compose/kafka-cluster.yml")));
    Map<String, Map<String, Object>> extra =
        (Map<String, Map<String, Object>>) override.get("services");
    assertThat(extra).containsKeys("kafka", "kafka-2", "kafka-3", "kafka-topics");
    for (Map<String, Object> s : extra.values()) {
      for (String volume : list(s.getOrDefault("volumes", List.of()))) {
        assertThat(map(override.get("volumes"))).containsKey(volume.split(":")[0]);
      }
      Object deps = s.get("depends_on");
      if (deps != null) {
        for (String d : map(deps).keySet()) {
          assertThat(services.containsKey(d) || extra.containsKey(d)).isTrue();
        }
      }
    }
    assertThat(
            (String)
                map(extra.get("kafka").get("environment")).get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
        .contains("@kafka:9093", "@kafka-2:9093", "@kafka-3:9093");
  }

  private static int listensOn(String service) {
    Map<String, String> env = env(service);
    String port = firstOf(env, "PORT", "SERVER_PORT", "MANAGEMENT_PORT");
    if (port != null) {
      return Integer.parseInt(port);
    }
    String published = list(services.get(service).get("ports")).get(0);
    return Integer.parseInt(published.substring(published.lastIndexOf(':') + 1));
  }

  private static List<String> builtServices() {
    return services.entrySet().stream()
        .filter(e -> e.getValue().containsKey("build"))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static String module(String service) {
    return (String) map(map(services.get(service).get("build")).get("args")).get("MODULE");
  }

  private static String image(String service) {
    assertThat(services).containsKey(service);
    return String.valueOf(services.get(service).get("image"));
  }

  private static Map<String, String> env(String service) {
    Object env = services.get(service).get("environment");
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (env != null) {
      map(env).forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }

  private static String firstOf(Map<String, String> env, String... keys) {
    for (String k : keys) {
      if (env.containsKey(k)) {
        return env.get(k);
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Object o) {
    return ((List<Object>) o).stream().map(String::valueOf).toList();
  }
}
