package dev.dronedispatch.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaIdentityTest {

  @Test
  void noCredentialsIsPlaintextAndBothMakeAScramUser() {
    assertThat(KafkaIdentity.fromEnv(Map.of()).clientProperties())
        .containsExactly(Map.entry("security.protocol", "PLAINTEXT"));

    KafkaIdentity gateway =
        KafkaIdentity.fromEnv(
            Map.of("KAFKA_SASL_USERNAME", "gateway", "KAFKA_SASL_PASSWORD", "s3cr\"t\\"));
    assertThat(gateway.clientProperties())
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"gateway\" password=\"s3cr\\\"t\\\\\";");
    assertThat(gateway.toString()).contains("gateway").doesNotContain("s3cr");
  }

  @Test
  void anExplicitProtocolMustFitTheCredentials() {
    assertThat(
            KafkaIdentity.fromEnv(
                Map.of(
                    "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "KAFKA_SASL_USERNAME", "sim",
                    "KAFKA_SASL_PASSWORD", "pw")))
        .isEqualTo(new KafkaIdentity.Scram("sim", "pw"));
    assertThat(KafkaIdentity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")))
        .isInstanceOf(KafkaIdentity.Anonymous.class);

    assertThatThrownBy(
            () -> KafkaIdentity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")))
        .hasMessageContaining("needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
    assertThatThrownBy(
            () ->
                KafkaIdentity.fromEnv(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",
                        "KAFKA_SASL_USERNAME", "sim",
                        "KAFKA_SASL_PASSWORD", "pw")))
        .hasMessageContaining("sends no credentials");
    assertThatThrownBy(() -> KafkaIdentity.fromEnv(Map.of("KAFKA_SASL_USERNAME", "sim")))
        .hasMessageContaining("set both or neither");
    assertThatThrownBy(() -> KafkaIdentity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL")))
        .hasMessageContaining("PLAINTEXT or SASL_PLAINTEXT, not 'SSL'");
  }
}
