package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ./run.sh --help} as a person or a script meets it: stdout is a pipe here, not a terminal.
 * Maven on the PATH is replaced by a stand-in that leaves a mark, so a build would show.
 */
class RunScriptHelpProcessTest {

  private static final Path HOME =
      Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
  private static final Pattern OPTION_LINE = Pattern.compile("^\\s+(-\\w, )?--\\S");

  @TempDir Path bin;

  @Test
  void helpAnswersWithoutBuildingWithoutColourAndDescribesEveryOption() throws Exception {
    Path mark = bin.resolve("mvn-was-called");
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\ntouch '" + mark + "'\nexit 1\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

    Result help = run(bin, "--help");

    assertThat(help.exitCode()).as(help.stderr()).isZero();
    assertThat(mark).as("run.sh --help started a build").doesNotExist();
    assertThat(help.stdout()).doesNotContain("\u001b").contains("Usage: run.sh");
    for (OptionSpec option : optionsToDescribe()) {
      assertThat(entry(help.stdout(), option))
          .as("help of " + label(option))
          .containsPattern("\\p{L}{3,}.*\\p{L}{3,}.*\\p{L}{3,}")
          .contains("Default:");
    }
  }

  /** Every option but -h and -V, which answer instead of running. */
  private static List<OptionSpec> optionsToDescribe() {
    return LauncherMain.commandLine(java.util.Map.of(), "false").getCommandSpec().options().stream()
        .filter(o -> !o.usageHelp() && !o.versionHelp())
        .toList();
  }

  /** The lines of the help that describe {@code option}: its own line up to the next option's. */
  private static String entry(String help, OptionSpec option) {
    List<String> entry = new ArrayList<>();
    for (String line : help.lines().toList()) {
      boolean startsOption = OPTION_LINE.matcher(line).find();
      if (startsOption && !entry.isEmpty()) {
        break;
      }
      if (!entry.isEmpty() || startsOption && names(line).equals(label(option))) {
        entry.add(line);
      }
    }
    assertThat(entry).as("help lists " + label(option)).isNotEmpty();
    return String.join(" ", entry).replaceAll("\\s+", " ").replace(label(option), "");
  }

  /** The option as the help prints it: {@code --[no-]restart} for a negatable one. */
  private static String label(OptionSpec option) {
    return option.negatable()
        ? option.longestName().replaceFirst("^--(no-)?", "--[no-]")
        : option.longestName();
  }

  private static String names(String line) {
    return line.trim().split("[= ]", 2)[0];
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(Path pathFirst, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", HOME.resolve("run.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile());
    builder.environment().remove("NO_COLOR");
    builder.environment().put("PATH", pathFirst + ":" + System.getenv("PATH"));
    Path out = Files.createTempFile(pathFirst, "stdout", ".txt");
    Path err = Files.createTempFile(pathFirst, "stderr", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("run.sh " + String.join(" ", args) + " did not end");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
