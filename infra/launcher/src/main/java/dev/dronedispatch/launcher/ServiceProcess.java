package dev.dronedispatch.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A started service process whose output goes to its own log file. */
final class ServiceProcess {

  /** Signals a service may die of, by the number the shell adds to 128 in the exit code. */
  private static final Map<Integer, String> SIGNALS =
      Map.of(1, "SIGHUP", 2, "SIGINT", 6, "SIGABRT", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

  private final ServiceSpec spec;
  private final Process process;
  private final Path log;

  private ServiceProcess(ServiceSpec spec, Process process, Path log) {
    this.spec = spec;
    this.process = process;
    this.log = log;
  }

  static ServiceProcess start(ServiceSpec spec, Path logDir) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = logDir.resolve(spec.name() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(spec.program().command(java))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(spec.env());
    return new ServiceProcess(spec, builder.start(), log);
  }

  String name() {
    return spec.name();
  }

  ServiceSpec spec() {
    return spec;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** Empty while running; the exit code and the last log lines once the process has exited. */
  Optional<String> exitReport() {
    if (process.isAlive()) {
      return Optional.empty();
    }
    return Optional.of(spec.name() + " exited with " + exitCode() + "; last log lines:\n" + tail());
  }

  /** The exit code of an exited process, with the signal that ended it if one did. */
  String exitCode() {
    int code = process.exitValue();
    String signal = SIGNALS.get(code - 128);
    return signal == null ? "code " + code : "code " + code + " (" + signal + ")";
  }

  /** Whether it is ready now, as its {@link Readiness} says. */
  boolean healthy() {
    return process.isAlive() && spec.ready().reached();
  }

  /** SIGTERM, then SIGKILL if it has not stopped within the grace period. */
  void stop(Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
