package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.checking.fault.Restartable;
import dev.dronedispatch.kv.node.NodeMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A storage node in its own JVM ({@code java -cp <test classpath> NodeMain}), so a test can kill it
 * with SIGKILL ({@code kill -9}) and start it again on the same port and data directory: a target
 * of the checking kit's process faults.
 */
final class NodeProcess implements Restartable, AutoCloseable {

  private final String id;
  private final int port;
  private final Path dataDir;
  private final Path log;
  private final String nodeToken;
  private Process process;

  NodeProcess(String id, int port, Path dataDir, String nodeToken) {
    this.id = id;
    this.port = port;
    this.dataDir = dataDir;
    this.nodeToken = nodeToken;
    this.log = dataDir.resolveSibling(id + ".log");
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

  /** Starts the node again on its port and data directory. */
  @Override
  public void restart() {
    start();
  }

  NodeProcess start() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            NodeMain.class.getName(),
            "--NODE_ID=" + id,
            "--HOST=127.0.0.1",
            "--PORT=" + port,
            "--DATA_DIR=" + dataDir,
            "--STORE_THREADS=16",
            "--KV_NODE_TOKEN=" + nodeToken);
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
      throw new IllegalStateException("node " + id + " did not start:\n" + output);
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
