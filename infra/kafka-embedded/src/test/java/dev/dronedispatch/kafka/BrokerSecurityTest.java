package dev.dronedispatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerSecurityTest {

  @Test
  void bothVariablesSecureTheBrokerAndNeitherLeavesItPlaintext() {
    assertThat(BrokerSecurity.fromEnv(Map.of())).isEmpty();
    BrokerSecurity s =
        BrokerSecurity.fromEnv(
                Map.of("KAFKA_SUPER_USER", "admin", "KAFKA_SUPER_PASSWORD", "pw-1_x"))
            .orElseThrow();
    Properties p = new Properties();
    s.applyTo(p, 9092, 9093);
    assertThat(p)
        .containsEntry("listeners", "SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("super.users", "User:admin")
        .containsEntry(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .containsEntry("allow.everyone.if.no.acl.found", "false");
    assertThat(s.formatArguments())
        .containsExactly("--add-scram", "SCRAM-SHA-512=[name=admin,password=pw-1_x]");
    assertThat(s.toString()).doesNotContain("pw-1_x");
  }

  @Test
  void halfAConfigurationOrAPasswordTheStorageToolCannotTakeIsRefused() {
    assertThatThrownBy(() -> BrokerSecurity.fromEnv(Map.of("KAFKA_SUPER_USER", "admin")))
        .hasMessageContaining("set both or neither");
    assertThatThrownBy(() -> new BrokerSecurity("admin", "a,b]")).hasMessageContaining("base64url");
    assertThatThrownBy(() -> new BrokerSecurity("User:admin", "pw"))
        .hasMessageContaining("super user's name");
  }
}
