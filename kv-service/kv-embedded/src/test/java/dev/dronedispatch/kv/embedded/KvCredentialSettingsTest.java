package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.coordinator.CoordinatorConfig;
import dev.dronedispatch.kv.node.NodeConfig;
import dev.dronedispatch.kv.web.Access;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server without a credential does not start unless told to; servers bind to loopback. */
class KvCredentialSettingsTest {

  @Test
  void aNodeWithoutItsTokenRefusesToStart() {
    assertThatThrownBy(() -> NodeConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KV_NODE_TOKEN is not set")
        .hasMessageContaining("KV_AUTH=none");
  }

  @Test
  void aCoordinatorNeedsBothTokensAndTwoDifferentOnes() {
    assertThatThrownBy(() -> CoordinatorConfig.fromEnv(Map.of("KV_NODE_TOKEN", "n")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KV_AUTH_TOKEN is not set");
    assertThatThrownBy(() -> CoordinatorConfig.fromEnv(Map.of("KV_AUTH_TOKEN", "c")))
        .hasMessageContaining("KV_NODE_TOKEN is not set");
    assertThatThrownBy(
            () -> CoordinatorConfig.fromEnv(Map.of("KV_AUTH_TOKEN", "t", "KV_NODE_TOKEN", "t")))
        .hasMessageContaining("must differ");
    CoordinatorConfig c =
        CoordinatorConfig.fromEnv(Map.of("KV_AUTH_TOKEN", "c", "KV_NODE_TOKEN", "n"));
    assertThat(c.access().admits("Bearer c")).isTrue();
    assertThat(c.access().admits("Bearer n")).isFalse();
    assertThat(c.nodeAccess().credential()).contains("n");
    assertThat(c.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void onlyAnExplicitOptOutRunsWithoutAuthentication() {
    NodeConfig open = NodeConfig.fromEnv(Map.of("KV_AUTH", "none"));
    assertThat(open.access()).isInstanceOf(Access.Open.class);
    assertThat(open.host()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> NodeConfig.fromEnv(Map.of("KV_AUTH", "off")))
        .hasMessageContaining("'token' (the default) or 'none'");
  }

  @Test
  void aTokenNeverAppearsInTheSettingsPrintout() {
    assertThat(new Access.Bearer("very-secret").toString()).doesNotContain("very-secret");
  }
}
