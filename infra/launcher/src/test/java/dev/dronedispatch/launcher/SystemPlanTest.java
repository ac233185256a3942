package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemPlanTest {

  static final LocalCredentials CREDENTIALS = PlaceholderCredentials.ALL;
  private static final String C1_ALONE = "-XX:TieredStopAtLevel=1";

  private static LaunchOptions options(boolean orderGenerator) {
    return options(orderGenerator, 1);
  }

  private static LaunchOptions options(boolean orderGenerator, int dispatchers) {
    return new LaunchOptions(
        Path.of("/project"),
        Path.of("/project/data"),
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
        dispatchers,
        8082,
        60,
        10.0,
        orderGenerator,
        2.5,
        JitMode.AUTO);
  }

  @Test
  void onASmallMachineEveryServiceJvmRunsTheQuickCompilerAlone() {
    List<ServiceSpec> onTwoCores =
        SystemPlan.stages(options(true).withGateways(3), CREDENTIALS, 2).stream()
            .flatMap(List::stream)
            .toList();
    assertThat(onTwoCores)
        .filteredOn(s -> s.program() instanceof Program.JavaJar)
        .hasSize(11)
        .allSatisfy(
            s ->
                assertThat(((Program.JavaJar) s.program()).jvmArgs())
                    .contains("-XX:TieredStopAtLevel=1"));
    assertThat(onTwoCores)
        .filteredOn(s -> s.program() instanceof Program.Native)
        .singleElement()
        .satisfies(
            nginx ->
                assertThat(nginx.program().command(Path.of("java")))
                    .noneMatch(a -> a.startsWith("-XX")));

    List<ServiceSpec> onManyCores =
        SystemPlan.stages(options(true), CREDENTIALS, 64).stream().flatMap(List::stream).toList();
    assertThat(onManyCores)
        .allSatisfy(
            s ->
                assertThat(s.program().command(Path.of("java")))
                    .doesNotContain("-XX:TieredStopAtLevel=1"));
  }

  @Test
  void withJitGatewaysOnlyTheGatewaysKeepTheOptimisingCompiler() {
    List<ServiceSpec> services =
        SystemPlan.stages(options(true).withGateways(3).withJit(JitMode.GATEWAYS), CREDENTIALS, 2)
            .stream()
            .flatMap(List::stream)
            .filter(s -> s.program() instanceof Program.JavaJar)
            .toList();
    assertThat(services)
        .filteredOn(s -> !((Program.JavaJar) s.program()).jvmArgs().contains(C1_ALONE))
        .extracting(ServiceSpec::name)
        .containsExactlyInAnyOrder("gateway", "gateway-2", "gateway-3");
    assertThat(services).hasSize(11);
  }

  @Test
  void storageStartsBeforeTheServicesThatNeedIt() {
    List<List<ServiceSpec>> stages = SystemPlan.stages(options(true), CREDENTIALS);
    assertThat(stages)
        .extracting(stage -> stage.stream().map(ServiceSpec::name).toList())
        .containsExactly(
            List.of("kafka"),
            List.of("kv-node-a", "kv-node-b", "kv-node-c"),
            List.of("kv-coordinator"),
            List.of("gateway", "dispatch"),
            List.of("fleet-simulator", "order-generator"));
  }

  /** Each service gets the credentials of its role and no other. */
  @Test
  void everyServiceGetsOnlyTheTokensOfItsRole() {
    List<ServiceSpec> all =
        SystemPlan.stages(options(true), CREDENTIALS).stream().flatMap(List::stream).toList();
    assertThat(byName(all, "kv-node-a").env())
        .containsEntry("KV_NODE_TOKEN", "node-token")
        .doesNotContainKey("KV_AUTH_TOKEN");
    assertThat(byName(all, "kv-coordinator").env())
        .containsEntry("KV_AUTH_TOKEN", "client-token")
        .containsEntry("KV_NODE_TOKEN", "node-token");
    for (String client : List.of("gateway", "dispatch", "fleet-simulator")) {
      assertThat(byName(all, client).env())
          .containsEntry("KV_AUTH_TOKEN", "client-token")
          .doesNotContainKey("KV_NODE_TOKEN");
    }
    assertThat(byName(all, "order-generator").env())
        .containsEntry("DD_API_KEY", "api-key")
        .doesNotContainKeys("KV_AUTH_TOKEN", "KV_NODE_TOKEN");
    assertThat(byName(all, "gateway").env())
        .containsEntry("DD_OPERATOR_PASSWORD", "operator-password")
        .containsEntry("DD_SESSION_KEY", "session-key")
        .doesNotContainKey("DD_API_KEY")
        .containsEntry(
            "DD_API_KEY_HASHES",
            // printf %s api-key | sha256sum
            "order-generator=8c284055dbb54b7f053a2dc612c3727c7aa36354361055f2110f4903ea8ee29c");
  }

  @Test
  void theCoordinatorKnowsEveryNodeAndEveryClientKnowsTheCoordinator() {
    List<ServiceSpec> all =
        SystemPlan.stages(options(true), CREDENTIALS).stream().flatMap(List::stream).toList();
    ServiceSpec coordinator = byName(all, "kv-coordinator");
    assertThat(coordinator.env().get("BACKENDS"))
        .isEqualTo("http://127.0.0.1:9001,http://127.0.0.1:9002,http://127.0.0.1:9003");
    for (String client : List.of("gateway", "dispatch", "fleet-simulator")) {
      assertThat(byName(all, client).env())
          .containsEntry("KV_URL", "http://127.0.0.1:9000")
          .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }
    assertThat(byName(all, "order-generator").env())
        .containsEntry("LB_URL", "http://127.0.0.1:8080")
        .as("--order-load reaches the generator")
        .containsEntry("LOAD_FACTOR", "2.5");
  }

  @Test
  void theDispatcherMayActivateTheWholeSimulatedFleet() {
    List<ServiceSpec> all =
        SystemPlan.stages(options(false), CREDENTIALS).stream().flatMap(List::stream).toList();
    assertThat(byName(all, "dispatch").env()).containsEntry("DRONE_POOL_MAX", "60");
    assertThat(byName(all, "fleet-simulator").env()).containsEntry("DRONE_POOL_MAX", "60");
    assertThat(all).extracting(ServiceSpec::name).doesNotContain("order-generator");
  }

  /**
   * The scaled deployment's brokers get the super user's password, in the environment; each Kafka
   * client its own identity. The default single broker stays PLAINTEXT: nobody gets one.
   */
  @Test
  void onAScaledKafkaEveryServiceConnectsAsItself() {
    List<ServiceSpec> scaled =
        SystemPlan.stages(options(true).scaled(), CREDENTIALS).stream()
            .flatMap(List::stream)
            .toList();
    for (String broker : List.of("kafka", "kafka-2", "kafka-3")) {
      assertThat(byName(scaled, broker).env())
          .containsEntry("KAFKA_SUPER_USER", "admin")
          .containsEntry("KAFKA_SUPER_PASSWORD", "kafka-admin");
      assertThat(byName(scaled, broker).program().command(Path.of("java")))
          .noneMatch(arg -> arg.contains("kafka-admin"));
    }
    Map<String, String> users =
        Map.of(
            "gateway", "gateway",
            "gateway-2", "gateway",
            "dispatch", "dispatch",
            "dispatch-2", "dispatch",
            "fleet-simulator", "fleet-simulator",
            "order-generator", "order-generator");
    users.forEach(
        (service, user) ->
            assertThat(byName(scaled, service).env())
                .containsEntry("KAFKA_SASL_USERNAME", user)
                .containsEntry("KAFKA_SASL_PASSWORD", "kafka-" + user));
    for (String service : List.of("kv-node-a", "kv-coordinator", "nginx")) {
      assertThat(byName(scaled, service).env())
          .doesNotContainKeys("KAFKA_SASL_PASSWORD", "KAFKA_SUPER_PASSWORD");
    }

    List<ServiceSpec> single =
        SystemPlan.stages(options(true), CREDENTIALS).stream().flatMap(List::stream).toList();
    assertThat(single)
        .allSatisfy(
            s ->
                assertThat(s.env())
                    .doesNotContainKeys(
                        "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "KAFKA_SUPER_PASSWORD"));
  }

  @Test
  void theSimulatorsFaultSwitchListensNextToItsManagementPort() {
    List<ServiceSpec> all =
        SystemPlan.stages(options(false), CREDENTIALS).stream().flatMap(List::stream).toList();
    assertThat(byName(all, "fleet-simulator").env())
        .containsEntry("MANAGEMENT_PORT", "8082")
        .containsEntry("FAULT_SWITCH_PORT", "8083")
        .containsEntry("FAULT_SWITCH_TOKEN", "fault-switch-token");
  }

  @Test
  void everyNodeKeepsItsDataUnderTheDataDirectory() {
    List<ServiceSpec> nodes = SystemPlan.stages(options(true), CREDENTIALS).get(1);
    assertThat(nodes)
        .extracting(n -> n.env().get("DATA_DIR"))
        .containsExactly(
            "/project/data/kv/kv-node-a",
            "/project/data/kv/kv-node-b",
            "/project/data/kv/kv-node-c");
    assertThat(nodes.get(0).program().command(Path.of("java")))
        .containsSubsequence(
            "java", "-jar", "/project/kv-service/kv-node/target/kv-node-0.1.0-SNAPSHOT-exec.jar");
  }

  @Test
  void furtherDispatchInstancesGetTheirOwnPortStateAndNameInTheSameStage() {
    List<ServiceSpec> services = SystemPlan.stages(options(false, 2), CREDENTIALS).get(3);
    assertThat(services)
        .extracting(ServiceSpec::name)
        .containsExactly("gateway", "dispatch", "dispatch-2");
    assertThat(byName(services, "dispatch").env())
        .containsEntry("MANAGEMENT_PORT", "8081")
        .containsEntry("STATE_DIR", "/project/data/dispatch-state");
    assertThat(byName(services, "dispatch-2").env())
        .containsEntry("MANAGEMENT_PORT", "8091")
        .containsEntry("STATE_DIR", "/project/data/dispatch-state-2");
  }

  @Test
  void theScaledShapeRunsAQuorumOfThreeBrokersAndThreeGatewaysBehindNginx() {
    LaunchOptions scaled = options(true).scaled();
    List<List<ServiceSpec>> stages = SystemPlan.stages(scaled, CREDENTIALS);
    assertThat(stages)
        .extracting(stage -> stage.stream().map(ServiceSpec::name).toList())
        .containsExactly(
            List.of("kafka", "kafka-2", "kafka-3"),
            List.of("kv-node-a", "kv-node-b", "kv-node-c"),
            List.of("kv-coordinator", "kv-coordinator-2"),
            List.of("gateway", "gateway-2", "gateway-3", "dispatch", "dispatch-2"),
            List.of("nginx", "fleet-simulator", "order-generator"));
    List<ServiceSpec> all = stages.stream().flatMap(List::stream).toList();

    assertThat(byName(all, "kafka-3").program().command(Path.of("java")))
        .containsSubsequence("--port", "9112")
        .containsSubsequence("--controller-port", "9113")
        .containsSubsequence("--node-id", "3")
        .containsSubsequence("--quorum", "1@127.0.0.1:9093,2@127.0.0.1:9103,3@127.0.0.1:9113")
        .containsSubsequence("--replication", "3");
    assertThat(byName(all, "kafka-3").ready()).isEqualTo(new Readiness.Listening(9112));
    assertThat(byName(all, "dispatch-2").env())
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092,127.0.0.1:9102,127.0.0.1:9112")
        .as("every KV client knows both coordinators")
        .containsEntry("KV_URL", "http://127.0.0.1:9000,http://127.0.0.1:9010");
    assertThat(byName(all, "kv-coordinator-2").env())
        .containsEntry("PORT", "9010")
        .containsEntry("BACKENDS", byName(all, "kv-coordinator").env().get("BACKENDS"))
        .as("each coordinator its own hint store")
        .doesNotContainEntry("DATA_DIR", byName(all, "kv-coordinator").env().get("DATA_DIR"));

    assertThat(List.of("gateway", "gateway-2", "gateway-3"))
        .extracting(g -> byName(all, g).env().get("SERVER_PORT"))
        .containsExactly("8090", "8100", "8110");
    assertThat(SystemPlan.balancerUpstreams(scaled))
        .containsExactly(
            "server 127.0.0.1:8090 max_fails=3 fail_timeout=5s;",
            "server 127.0.0.1:8100 max_fails=3 fail_timeout=5s;",
            "server 127.0.0.1:8110 max_fails=3 fail_timeout=5s;");
    assertThat(byName(all, "nginx").ready())
        .isEqualTo(
            new Readiness.HealthOk(java.net.URI.create("http://127.0.0.1:8080/nginx-health")));
    assertThat(byName(all, "order-generator").env())
        .as("orders go through the balancer")
        .containsEntry("LB_URL", "http://127.0.0.1:8080");
  }

  @Test
  void moreGatewaysAloneComeBehindNginxOnTheOneBroker() {
    List<List<ServiceSpec>> stages = SystemPlan.stages(options(false).withGateways(3), CREDENTIALS);
    assertThat(stages)
        .extracting(stage -> stage.stream().map(ServiceSpec::name).toList())
        .containsExactly(
            List.of("kafka"),
            List.of("kv-node-a", "kv-node-b", "kv-node-c"),
            List.of("kv-coordinator"),
            List.of("gateway", "gateway-2", "gateway-3", "dispatch"),
            List.of("nginx", "fleet-simulator"));
  }

  @Test
  void everyPortOfTheScaledShapeIsItsOwn() {
    LaunchOptions scaled =
        PortBlock.options(20_000, Path.of("/p"), Path.of("/p/d"), 10, 1, true, 1).scaled();
    List<Integer> ports = new java.util.ArrayList<>();
    for (int i = 0; i < scaled.brokers(); i++) {
      ports.add(scaled.kafkaPort(i));
      ports.add(scaled.kafkaControllerPort(i));
    }
    for (int i = 0; i < scaled.kvNodes(); i++) {
      ports.add(scaled.kvFirstNodePort() + i);
    }
    for (int i = 0; i < scaled.kvCoordinators(); i++) {
      ports.add(scaled.kvCoordinatorPort(i));
    }
    ports.add(scaled.gatewayPort());
    for (int i = 0; i < scaled.gateways(); i++) {
      ports.add(scaled.gatewayInstancePort(i));
    }
    for (int i = 0; i < scaled.dispatchers(); i++) {
      ports.add(scaled.dispatchPort(i));
    }
    ports.add(scaled.telemetryPort());
    ports.add(scaled.faultSwitchPort());
    assertThat(ports)
        .doesNotHaveDuplicates()
        .allMatch(p -> p >= 20_000 && p < 20_000 + PortBlock.SIZE);
  }

  private static ServiceSpec byName(List<ServiceSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
