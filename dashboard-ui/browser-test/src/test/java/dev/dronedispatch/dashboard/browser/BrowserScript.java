package dev.dronedispatch.dashboard.browser;

import dev.dronedispatch.model.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The node script that drives headless Chromium (playwright-core), as a child process spoken to by
 * lines: it prints {@code READY {json}} / {@code RESULT {json}} / {@code FAIL msg} and reads {@code
 * PUBLISHED {json}}. Everything else it prints (and its stderr) goes to a log file.
 */
final class BrowserScript implements AutoCloseable {

  private static final Pattern PROTOCOL =
      Pattern.compile(
          "(READY|LIVE|DISCONNECTED|RESULT|LOSSES_SHOWN|REASSIGNED_SHOWN|BACKLOG_SHOWN|FAIL) ");

  private final Process process;
  private final Writer stdin;
  private final LinkedBlockingQueue<String> protocol = new LinkedBlockingQueue<>();
  private final Path log;

  private BrowserScript(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (PROTOCOL.matcher(line).lookingAt()) {
                    protocol.add(line);
                  }
                  Files.writeString(
                      log,
                      line + System.lineSeparator(),
                      StandardOpenOption.CREATE,
                      StandardOpenOption.APPEND);
                }
              } catch (IOException e) {
                protocol.add("FAIL reading the script's output: " + e);
              }
              protocol.add("FAIL the script ended");
            },
            "browser-script-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static BrowserScript start(
      Path script, Path nodeModules, String baseUrl, Path screenshots, String chromium, Path log) {
    try {
      Files.createDirectories(screenshots);
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      ProcessBuilder pb =
          new ProcessBuilder(
                  List.of("node", script.toString(), baseUrl, screenshots.toString(), chromium))
              .redirectError(log.resolveSibling(log.getFileName() + ".stderr").toFile());
      pb.environment().put("NODE_PATH", nodeModules.toString());
      // the login the script types into the form, as a person would
      pb.environment().put("DD_VIEWER_USER", GatewayUnderTest.VIEWER);
      pb.environment().put("DD_VIEWER_PASSWORD", GatewayUnderTest.VIEWER_PASSWORD);
      return new BrowserScript(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + script, e);
    }
  }

  /** Waits for the next protocol line with {@code tag}; fails on FAIL or at the deadline. */
  JsonNode await(String tag, Duration timeout) {
    String line;
    try {
      line = protocol.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + tag, e);
    }
    if (line == null) {
      throw new AssertionError("no " + tag + " from the browser script within " + timeout);
    }
    if (!line.startsWith(tag + " ")) {
      throw new AssertionError("browser script: " + line + " (log: " + log + ")");
    }
    return Json.mapper().readTree(line.substring(tag.length() + 1));
  }

  void send(String tag) {
    try {
      stdin.write(tag + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(String tag, Object payload) {
    try {
      stdin.write(tag + " " + Json.mapper().writeValueAsString(payload) + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the script to exit and returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /**
   * The {@code PUBLISHED} / {@code RESTARTED} / {@code REASSIGNED} payload: what the page must show
   * next.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Published(String deliveryId, String newDroneId) {}

  /**
   * The {@code LOSSES} payload: the delivery handed back to pending, the failed ones (drone lost
   * with the parcel on board, no drone before the deadline) and the drones lost.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Losses(
      String handedBack, String droneLostFailure, String noDroneFailure, List<String> lostDrones) {}
}
