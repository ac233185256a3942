package dev.dronedispatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --runs N}: the benchmark runs N times, each in a fresh JVM with a fresh local system (so
 * no run inherits another's caches, logs or JIT state), one after the other; each run's output is
 * passed through, and the series ends with {@link SeriesSummary}'s line: the median of each figure,
 * the total of each defect count. The machine's load average is printed before and after each run,
 * as the figures are only comparable with it.
 */
public final class Series {

  @Option(
      names = "--runs",
      defaultValue = "1",
      description = "Runs of the benchmark, each on a fresh system; the summary is their median.")
  int runs;

  /** Whether this invocation is a series the caller should hand to {@link #run}. */
  public boolean isSeries() {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    return runs > 1;
  }

  /**
   * Runs the same command line without {@code --runs} {@code runs} times and prints the series'
   * summary line for the benchmark {@code name}. Returns the exit code: 0, or the first failing
   * run's.
   */
  public int run(String name) throws IOException, InterruptedException {
    List<String> command = singleRunCommand();
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      System.out.printf("[bench] run %d of %d, load average %s%n", i, runs, loadAverage());
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String summary = null;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          System.out.println(line);
          if (line.startsWith(name + ": ")) {
            summary = line;
          }
        }
      }
      int code = p.waitFor();
      if (code != 0 || summary == null) {
        System.out.printf("[bench] run %d of %d failed (exit %d)%n", i, runs, code);
        return code != 0 ? code : 1;
      }
      System.out.printf(
          "[bench] run %d of %d: %s (load average after: %s)%n", i, runs, summary, loadAverage());
      lines.add(summary);
    }
    System.out.printf(
        "[bench] %d runs; each figure is the median of the runs, double= and lost= their total%n",
        runs);
    System.out.println(SeriesSummary.of(name, lines));
    return 0;
  }

  /** This process's own command line, without {@code --runs N}. */
  private static List<String> singleRunCommand() {
    ProcessHandle.Info self = ProcessHandle.current().info();
    List<String> command = new ArrayList<>();
    command.add(self.command().orElseThrow(() -> new IllegalStateException("no command line")));
    String[] args = self.arguments().orElseThrow(() -> new IllegalStateException("no arguments"));
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--runs")) {
        i++;
      } else if (!args[i].startsWith("--runs=")) {
        command.add(args[i]);
      }
    }
    return command;
  }

  private static String loadAverage() throws IOException {
    Path load = Path.of("/proc/loadavg");
    return Files.exists(load) ? Files.readString(load).trim() : "unknown";
  }
}
