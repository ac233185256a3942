package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCredentialsTest {

  @TempDir Path data;

  @Test
  void theFirstStartCreatesThemOwnerOnlyAndLaterStartsReuseThem() throws Exception {
    LocalCredentials first = LocalCredentials.loadOrCreate(data);
    Path file = LocalCredentials.file(data);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(first.kvAuthToken())
        .hasSizeGreaterThanOrEqualTo(40)
        .isNotEqualTo(first.kvNodeToken());
    assertThat(Files.readString(file))
        .contains("KV_AUTH_TOKEN=" + first.kvAuthToken())
        .contains("KV_NODE_TOKEN=" + first.kvNodeToken())
        .contains("DD_API_KEY=" + first.apiKey())
        .contains("DD_OPERATOR_USER=operator")
        .contains("DD_OPERATOR_PASSWORD=" + first.operatorPassword())
        .contains("DD_SESSION_KEY=" + first.sessionKey())
        .contains("FAULT_SWITCH_TOKEN=" + first.faultSwitchToken())
        .contains("KAFKA_PASSWORD_ADMIN=" + first.kafkaPassword("admin"))
        .contains("KAFKA_PASSWORD_FLEET_SIMULATOR=" + first.kafkaPassword("fleet-simulator"))
        .contains("KAFKA_PASSWORD_OPS=" + first.kafkaPassword("ops"));
    assertThat(first.kafkaServicePasswords())
        .containsOnlyKeys("gateway", "dispatch", "fleet-simulator", "order-generator", "ops");
    assertThat(first.kafkaServicePasswords().values()).doesNotHaveDuplicates();
    assertThat(LocalCredentials.loadOrCreate(data)).isEqualTo(first);
    assertThat(first.toString()).doesNotContain(first.kvAuthToken());
  }

  @Test
  void aKeyTheFileLacksIsAddedAndTheOthersAreKept() throws Exception {
    Files.writeString(LocalCredentials.file(data), "# older\nKV_AUTH_TOKEN=kept\n");
    Files.setPosixFilePermissions(
        LocalCredentials.file(data), PosixFilePermissions.fromString("rw-r--r--"));
    LocalCredentials c = LocalCredentials.loadOrCreate(data);
    assertThat(c.kvAuthToken()).isEqualTo("kept");
    assertThat(c.kvNodeToken()).isNotBlank();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(LocalCredentials.file(data))))
        .isEqualTo("rw-------");
  }
}
