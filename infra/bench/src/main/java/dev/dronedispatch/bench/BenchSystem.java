package dev.dronedispatch.bench;

import dev.dronedispatch.launcher.JitMode;
import dev.dronedispatch.launcher.LaunchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What every benchmark needs before it starts a local system: where the repository (its built jars)
 * is, and a fresh data directory whose {@code logs/launcher.log} takes the launcher's own log (the
 * Kafka admin client), so the console keeps only the benchmark's progress.
 */
public final class BenchSystem {

  @Option(
      names = "--home",
      defaultValue = ".",
      description = "The repository root (default: the working directory).")
  Path home;

  @Option(
      names = "--jit",
      defaultValue = "auto",
      description =
          "The service JVMs' compilers, as ./run.sh --jit: auto, c1, tiered or gateways"
              + " (default: auto).")
  JitMode jit;

  public Path home() {
    return home.toAbsolutePath().normalize();
  }

  /** {@code options} with the compilers asked for. */
  public LaunchOptions tuned(LaunchOptions options) {
    return options.withJit(jit);
  }

  /** A new data directory; call before anything logs, as logging is set up by the first line. */
  public Path freshDataDir() throws IOException {
    Path data = Files.createTempDirectory("dronedispatch-bench-");
    Files.createDirectories(data.resolve("logs"));
    System.setProperty("dronedispatch.launcher.log", data.resolve("logs/launcher.log").toString());
    System.setProperty("logback.configurationFile", "launcher-logback.xml");
    return data;
  }
}
