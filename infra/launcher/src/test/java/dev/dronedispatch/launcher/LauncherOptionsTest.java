package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LauncherOptionsTest {

  @Test
  void aNegativeOrderLoadIsAUsageErrorBeforeAnythingStarts() {
    assertThat(usageError("--order-load", "-1")).contains("--order-load must be >= 0: -1.0");
  }

  @Test
  void anUnknownJitModeIsAUsageErrorThatNamesTheChoices() {
    assertThat(usageError("--jit", "fast")).contains("--jit").contains("AUTO, C1, TIERED");
  }

  @Test
  void theJitModeIsReadInAnyCase() {
    CommandLine cli = LauncherMain.commandLine(Map.of(), "false");
    cli.parseArgs("--jit", "c1");
    assertThat(((LauncherMain) cli.getCommand()).jit).isEqualTo(JitMode.C1);
  }

  /** What the launcher says on standard error for {@code args}, which must be a usage error. */
  private static String usageError(String... args) {
    CommandLine cli = LauncherMain.commandLine(Map.of(), "false");
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--data-dir";
    all[args.length + 1] = "target/never-started";

    assertThat(cli.execute(all)).isEqualTo(CommandLine.ExitCode.USAGE);
    return err.toString();
  }
}
