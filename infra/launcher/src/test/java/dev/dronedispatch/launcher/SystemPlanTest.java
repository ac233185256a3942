package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemPlanTest {

  private static LaunchOptions options(boolean orderGenerator) {
    return options(orderGenerator, 1);
  }

  private static LaunchOptions options(boolean orderGenerator, int dispatchers) {
    return new LaunchOptions(
        Path.of("/project"),
        Path.of("/project/data"),
        9092,
        9093,
        6,
        9000,
        9001,
        3,
        8080,
        8081,
        dispatchers,
        8082,
        60,
        10.0,
        orderGenerator,
        2.5);
  }

  @Test
  void storageStartsBeforeTheServicesThatNeedIt() {
    List<List<ServiceSpec>> stages = SystemPlan.stages(options(true));
    assertThat(stages)
        .extracting(stage -> stage.stream().map(ServiceSpec::name).toList())
        .containsExactly(
            List.of("kv-node-a", "kv-node-b", "kv-node-c"),
            List.of("kv-coordinator"),
            List.of("gateway", "dispatch"),
            List.of("fleet-simulator", "order-generator"));
  }

  @Test
  void theCoordinatorKnowsEveryNodeAndEveryClientKnowsTheCoordinator() {
    List<ServiceSpec> all =
        SystemPlan.stages(options(true)).stream().flatMap(List::stream).toList();
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
        SystemPlan.stages(options(false)).stream().flatMap(List::stream).toList();
    assertThat(byName(all, "dispatch").env()).containsEntry("DRONE_POOL_MAX", "60");
    assertThat(byName(all, "fleet-simulator").env()).containsEntry("DRONE_POOL_MAX", "60");
    assertThat(all).extracting(ServiceSpec::name).doesNotContain("order-generator");
  }

  @Test
  void theSimulatorsFaultSwitchListensNextToItsManagementPort() {
    List<ServiceSpec> all =
        SystemPlan.stages(options(false)).stream().flatMap(List::stream).toList();
    assertThat(byName(all, "fleet-simulator").env())
        .containsEntry("MANAGEMENT_PORT", "8082")
        .containsEntry("FAULT_SWITCH_PORT", "8083");
  }

  @Test
  void everyNodeKeepsItsDataUnderTheDataDirectory() {
    List<ServiceSpec> nodes = SystemPlan.stages(options(true)).get(0);
    assertThat(nodes)
        .extracting(n -> n.env().get("DATA_DIR"))
        .containsExactly(
            "/project/data/kv/kv-node-a",
            "/project/data/kv/kv-node-b",
            "/project/data/kv/kv-node-c");
    assertThat(nodes.get(0).command(Path.of("java")))
        .containsSubsequence(
            "java", "-jar", "/project/kv-service/kv-node/target/kv-node-0.1.0-SNAPSHOT-exec.jar");
  }

  @Test
  void furtherDispatchInstancesGetTheirOwnPortStateAndNameInTheSameStage() {
    List<ServiceSpec> services = SystemPlan.stages(options(false, 2)).get(2);
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

  private static ServiceSpec byName(List<ServiceSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
