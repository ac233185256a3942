package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.checking.fault.Restartable;
import dev.dronedispatch.kv.coordinator.CoordinatorMain;
import dev.dronedispatch.kv.node.NodeMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A KV server — a storage node or a coordinator — in its own JVM ({@code java -cp <test classpath>
 * NodeMain|CoordinatorMain}), so a test can kill it with SIGKILL ({@code kill -9}) and start it
 * again on the same port and data directory: a target of the checking kit's process faults.
 */
final class KvProcess implements Restartable, AutoCloseable {

  private final String id;
  private final int port;
  private final Path log;
  private final String mainClass;
  private final List<String> settings;
  private Process process;

  private KvProcess(String id, int port, Path dataDir, String mainClass, List<String> settings) {
    this.id = id;
    this.port = port;
    this.log = dataDir.resolveSibling(id + ".log");
    this.mainClass = mainClass;
    this.settings = settings;
  }

  static KvProcess node(String id, int port, Path dataDir, String nodeToken) {
    return new KvProcess(
        id,
        port,
        dataDir,
        NodeMain.class.getName(),
        List.of(
            "--NODE_ID=" + id,
            "--HOST=127.0.0.1",
            "--PORT=" + port,
            "--DATA_DIR=" + dataDir,
            "--STORE_THREADS=16",
            "--KV_NODE_TOKEN=" + nodeToken));
  }

  /** {@code backends}: the coordinator's {@code BACKENDS}, {@code id=url,...}. */
  static KvProcess coordinator(
      String id, int port, Path dataDir, String backends, String clientToken, String nodeToken) {
    return new KvProcess(
        id,
        port,
        dataDir,
        CoordinatorMain.class.getName(),
        List.of(
            "--HOST=127.0.0.1",
            "--PORT=" + port,
            "--DATA_DIR=" + dataDir,
            "--BACKENDS=" + backends,
            "--HEALTH_PROBE_MS=250",
            "--HINT_FLUSH_SEC=0.3",
            "--KV_AUTH_TOKEN=" + clientToken,
            "--KV_NODE_TOKEN=" + nodeToken));
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public String name() {
    return id;
  }

  @Override
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Starts the server again on its port and data directory. */
  @Override
  public void restart() {
    start();
  }

  KvProcess start() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass));
    cmd.addAll(settings);
    try {
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    boolean up =
        Http.eventually(
            Duration.ofSeconds(90),
            () -> !process.isAlive() || Http.get(url() + "/health").status() == 200);
    if (!up || !process.isAlive()) {
      String output;
      try {
        output = Files.readString(log);
      } catch (IOException e) {
        output = e.toString();
      }
      throw new IllegalStateException(id + " did not start:\n" + output);
    }
    return this;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
