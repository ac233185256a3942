package dev.dronedispatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Every failure of the CLI is one line on stderr and a distinct exit code, never a stack trace. */
class CommandLineErrorsTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run ops(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OpsMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static void assertUsageError(Run run, String... mentions) {
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ", "Exception");
    assertThat(run.err()).contains(mentions);
  }

  @Test
  void aBadDurationSaysWhichFormatsAreAccepted() {
    assertUsageError(
        ops("audit", "--since", "10x"), "ops audit:", "--since", "'10x'", "90s, 15m, 2h, 1d");
  }

  @Test
  void aBadInstantShowsAnExample() {
    assertUsageError(ops("slo", "--from", "yesterday"), "--from", "2026-11-23T10:00:00Z");
  }

  @Test
  void anUnknownOptionIsNamed() {
    assertUsageError(ops("replay", "--bogus"), "ops replay:", "--bogus", "ops replay --help");
  }

  @Test
  void anUnknownCommandListsTheCommands() {
    assertUsageError(ops("bogus"), "'bogus'", "slo, replay, audit");
  }

  @Test
  void aMissingValueIsNamed() {
    assertUsageError(ops("audit", "--since"), "--since");
  }

  @Test
  void aBadNumberIsNamed() {
    assertUsageError(ops("replay", "--max", "lots"), "--max", "'lots'");
  }

  @Test
  void noCommandListsTheCommands() {
    assertUsageError(ops(), "slo, replay, audit, explain, rerun or kv");
    assertUsageError(ops("kv"), "ops kv:", "members, join, leave or abort");
  }

  @Test
  void aKvChangeWithoutItsNodeIsNamed() {
    assertUsageError(ops("kv", "join", "--id", "node-d"), "ops kv join:", "--url");
    assertUsageError(ops("kv", "leave", "--timeout", "soon"), "--timeout", "'soon'");
  }

  @Test
  void aKvUrlThatIsNoUrlIsNamed() {
    assertUsageError(
        ops("kv", "members", "--kv-url", "127.0.0.1:9000"),
        "ops kv members:",
        "'127.0.0.1:9000' is not a base URL like http://127.0.0.1:9000");
  }

  @Test
  void anUnreachableBrokerIsOneLineWithItsOwnExitCode() {
    Run run = ops("slo", "--since", "1m", "--bootstrap-servers", "127.0.0.1:1");
    assertThat(run.exitCode()).isEqualTo(ExitCode.KAFKA.code);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("ops slo: Kafka at 127.0.0.1:1: ");
  }
}
