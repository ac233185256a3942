package dev.dronedispatch.ops.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operators' token from the places the system keeps it. */
class OperatorTokenTest {

  private static final Path FILE = Path.of("data/credentials.env");

  @Test
  void theLaunchersCredentialsFileGivesItsKvAuthTokenLine() {
    assertThat(
            OperatorToken.parse(
                "# Generated on this data directory's first start\n"
                    + "KV_AUTH_TOKEN=client-secret\n"
                    + "KV_NODE_TOKEN=node-secret\n"
                    + "DD_API_KEY=key\n",
                FILE))
        .isEqualTo("node-secret");
    assertThat(OperatorToken.parse("export KV_NODE_TOKEN=\"quoted\"\n", FILE)).isEqualTo("quoted");
  }

  @Test
  void aSecretFileIsTheTokenAlone() {
    assertThat(OperatorToken.parse("s3cr3t-Token_x\n", FILE)).isEqualTo("s3cr3t-Token_x");
    assertThat(OperatorToken.parse("YWJjZA==\n", FILE)).isEqualTo("YWJjZA==");
  }

  @Test
  void aFileWithoutTheOperatorTokenIsRefusedNotSent() {
    assertThatThrownBy(() -> OperatorToken.parse("KV_AUTH_TOKEN=client-secret\n", FILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--kv-token-file data/credentials.env holds neither a KV_NODE_TOKEN=… line nor a"
                + " bare token on a line of its own");
    assertThatThrownBy(() -> OperatorToken.parse("", FILE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAFileTheEnvironmentsTokenIsUsed() {
    assertThat(OperatorToken.resolve(Optional.empty(), Map.of("KV_NODE_TOKEN", " t \n")))
        .contains("t");
    assertThat(OperatorToken.resolve(Optional.empty(), Map.of())).isEmpty();
  }

  @Test
  void anUnreadableFileIsNamed() {
    assertThatThrownBy(
            () -> OperatorToken.resolve(Optional.of(Path.of("/nonexistent/token")), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--kv-token-file /nonexistent/token cannot be read (NoSuchFileException)");
  }
}
