package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LauncherOptionsTest {

  @Test
  void aNegativeOrderLoadIsAUsageErrorBeforeAnythingStarts() {
    CommandLine cli = LauncherMain.commandLine(Map.of(), "false");
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("--order-load", "-1", "--data-dir", "target/never-started");

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--order-load must be >= 0: -1.0");
  }

  @Test
  void anUnknownJitModeIsAUsageErrorThatNamesTheChoices() {
    CommandLine cli = LauncherMain.commandLine(Map.of(), "false");
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("--jit", "fast", "--data-dir", "target/never-started");

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--jit").contains("AUTO, C1, TIERED");
  }

  @Test
  void theJitModeIsReadInAnyCase() {
    CommandLine cli = LauncherMain.commandLine(Map.of(), "false");
    cli.parseArgs("--jit", "c1");
    assertThat(((LauncherMain) cli.getCommand()).jit).isEqualTo(JitMode.C1);
  }
}
