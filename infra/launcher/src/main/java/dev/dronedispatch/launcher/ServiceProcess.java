package dev.dronedispatch.launcher;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A started service process whose output goes to its own log file. */
final class ServiceProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

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
        new ProcessBuilder(spec.command(java))
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

  /** Empty while running; the exit code and the last log lines once the process has exited. */
  java.util.Optional<String> exitReport() {
    if (process.isAlive()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        spec.name() + " exited with " + process.exitValue() + "; last log lines:\n" + tail());
  }

  /** Waits until the health URL answers 200; fails early if the process dies. */
  void awaitReady(Duration timeout) throws InterruptedException {
    if (spec.health().isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(spec.health().get()).timeout(Duration.ofSeconds(2)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(exitReport().orElseThrow());
      }
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        spec.name() + " not ready after " + timeout.toSeconds() + " s; last log lines:\n" + tail());
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

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
