package dev.dronedispatch.ops.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client token from the places the system keeps it. */
class ClientTokenTest {

  private static final Path FILE = Path.of("data/credentials.env");

  @Test
  void theLaunchersCredentialsFileGivesItsKvAuthTokenLine() {
    assertThat(
            ClientToken.parse(
                "# Generated on this data directory's first start\n"
                    + "KV_NODE_TOKEN=node-secret\n"
                    + "KV_AUTH_TOKEN=client-secret\n"
                    + "DD_API_KEY=key\n",
                FILE))
        .isEqualTo("client-secret");
    assertThat(ClientToken.parse("export KV_AUTH_TOKEN=\"quoted\"\n", FILE)).isEqualTo("quoted");
  }

  @Test
  void aSecretFileIsTheTokenAlone() {
    assertThat(ClientToken.parse("s3cr3t-Token_x\n", FILE)).isEqualTo("s3cr3t-Token_x");
    assertThat(ClientToken.parse("YWJjZA==\n", FILE)).isEqualTo("YWJjZA==");
  }

  @Test
  void aFileWithoutTheClientTokenIsRefusedNotSent() {
    assertThatThrownBy(() -> ClientToken.parse("KV_NODE_TOKEN=node-secret\n", FILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--kv-token-file data/credentials.env holds neither a KV_AUTH_TOKEN=… line nor a"
                + " bare token on a line of its own");
    assertThatThrownBy(() -> ClientToken.parse("", FILE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAFileTheEnvironmentsTokenIsUsed() {
    assertThat(ClientToken.resolve(Optional.empty(), Map.of("KV_AUTH_TOKEN", " t \n")))
        .contains("t");
    assertThat(ClientToken.resolve(Optional.empty(), Map.of())).isEmpty();
  }

  @Test
  void anUnreadableFileIsNamed() {
    assertThatThrownBy(
            () -> ClientToken.resolve(Optional.of(Path.of("/nonexistent/token")), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--kv-token-file /nonexistent/token cannot be read (NoSuchFileException)");
  }
}
