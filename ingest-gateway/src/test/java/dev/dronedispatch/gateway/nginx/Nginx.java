package dev.dronedispatch.gateway.nginx;

import dev.dronedispatch.launcher.NginxConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Debian's nginx running the project's {@code infra/nginx/nginx.conf}, rendered for loopback by the
 * launcher's {@link NginxConfig} (the same rendering {@code ./run.sh --scaled} uses), in the
 * foreground. Shared with the dashboard's browser test and the ingest benchmark through this
 * module's test jar.
 */
public final class Nginx implements AutoCloseable {

  public static final Path CONFIG = Path.of("..").resolve(NginxConfig.SOURCE);

  private final Process process;
  private final Path dir;
  private final int port;

  private Nginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The nginx binary: NGINX_BIN, or a usual install location. */
  public static Optional<Path> binary() {
    return NginxConfig.binary();
  }

  /**
   * {@link #start(Path, Path, Path, int, List)} with this module's view of the config, in a temp
   * dir.
   */
  public static Nginx start(Path binary, int port, List<String> upstreamServers) {
    try {
      return start(binary, CONFIG, Files.createTempDirectory("nginx-test-"), port, upstreamServers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Renders {@code config} with {@code upstreamServers} (each a full {@code server ...;} line) and
   * starts nginx in the foreground on {@code port}, with its logs, pid and temp files in {@code
   * dir}.
   */
  public static Nginx start(
      Path binary, Path config, Path dir, int port, List<String> upstreamServers) {
    try {
      Path rendered = NginxConfig.write(config, dir, port, upstreamServers);
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(NginxConfig.foregroundArgs(dir, rendered));
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
      return new Nginx(p, dir, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path accessLog() {
    return dir.resolve("access.log");
  }

  /** Waits until nginx answers its own health location. */
  public Nginx awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited: " + log());
      }
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return this;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for nginx", e);
        }
      }
    }
    throw new IllegalStateException("nginx not listening within " + timeout + ": " + log());
  }

  public String log() {
    try {
      StringBuilder sb = new StringBuilder();
      for (String f : List.of("stdout.log", "error.log")) {
        Path p = dir.resolve(f);
        if (Files.exists(p)) {
          sb.append(Files.readString(p));
        }
      }
      return sb.toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
