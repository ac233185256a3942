package dev.dronedispatch.launcher;

import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * Whether the launcher's help and errors may use ANSI colour: never when {@code NO_COLOR} is set to
 * anything, never when run.sh found stdout is not a terminal (a pipe, a file, a CI log), else
 * picocli's own terminal detection (the jar started directly).
 */
final class ConsoleColour {

  /** Set by run.sh to {@code true} or {@code false}: whether its stdout is a terminal. */
  static final String TTY_PROPERTY = "dronedispatch.stdout.tty";

  private ConsoleColour() {}

  static Ansi ansi(Map<String, String> env, String stdoutIsTerminal) {
    if (!env.getOrDefault("NO_COLOR", "").isEmpty() || "false".equals(stdoutIsTerminal)) {
      return Ansi.OFF;
    }
    return "true".equals(stdoutIsTerminal) ? Ansi.ON : Ansi.AUTO;
  }
}
