package dev.dronedispatch.dashboard.browser;

import dev.dronedispatch.gateway.security.ApiClients;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real ingest-gateway application as its own JVM process on a free loopback port, against the
 * given KV coordinator and Kafka broker, as the launcher runs it. Its classpath is this test's (the
 * gateway's classes unpacked from its executable jar by the build, its dependencies, and this
 * build's dashboard-ui jar, which it serves). A process of its own can be stopped and started again
 * without touching the KV cluster and broker that live in the test JVM.
 */
final class GatewayUnderTest implements AutoCloseable {

  /** The order client the test posts as. */
  static final String API_KEY = "browser-test-order-client-key";

  /** The person who looks at the dashboard: a viewer, the least role that may. */
  static final String VIEWER = "viewer";

  static final String VIEWER_PASSWORD = "browser-test-viewer-password";

  /** The operator's password (user "operator"): the test reads the gateway's metrics. */
  static final String OPERATOR_PASSWORD = "browser-test-operator-password";

  static final String APPLICATION_CLASS = "dev.dronedispatch.gateway.GatewayApplication";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final List<String> command;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  private GatewayUnderTest(List<String> command, int port, Path log) {
    this.command = command;
    this.port = port;
    this.log = log;
  }

  static GatewayUnderTest start(LocalKvCluster kv, String bootstrapServers, Path log) {
    return start(kv, bootstrapServers, log, Map.of());
  }

  /** As {@link #start(LocalKvCluster, String, Path)}, with further gateway properties. */
  static GatewayUnderTest start(
      LocalKvCluster kv, String bootstrapServers, Path log, Map<String, String> extra) {
    try {
      Class.forName(APPLICATION_CLASS);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          APPLICATION_CLASS
              + " is not on the test classpath: build the gateway first"
              + " (mvn install -DskipTests -pl dashboard-ui/browser-test -am)",
          e);
    }
    int port = freePort();
    Map<String, String> props = new LinkedHashMap<>();
    props.put("server.port", String.valueOf(port));
    props.put("server.address", "127.0.0.1");
    props.put("gateway.instance-id", "browser-test");
    props.put("gateway.kv-url", kv.coordinatorUrl());
    props.put("gateway.kv-auth-token", kv.clientToken());
    props.put("gateway.access.api-key-hashes", "browser-test=" + ApiClients.hash(API_KEY));
    props.put("gateway.access.viewer-user", VIEWER);
    props.put("gateway.access.viewer-password", VIEWER_PASSWORD);
    props.put("gateway.access.operator-password", OPERATOR_PASSWORD);
    // as the launcher does: the login survives the restart the test puts the gateway through
    props.put("gateway.access.session-key", "browser-test-session-key");
    props.put("gateway.kafka-bootstrap-servers", bootstrapServers);
    props.put("gateway.stream.heartbeat", "2s");
    props.put("gateway.stream.kpi-lookback", "10m");
    props.putAll(extra);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add(APPLICATION_CLASS);
    props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    GatewayUnderTest g = new GatewayUnderTest(List.copyOf(cmd), port, log);
    g.startAgain();
    return g;
  }

  int port() {
    return port;
  }

  /** The base URL, with a trailing slash so relative paths resolve under it. */
  String baseUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** Starts the process (again, on the same port) and waits until it reports healthy. */
  void startAgain() {
    try {
      Files.createDirectories(log.getParent());
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the gateway", e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the gateway exited with " + process.exitValue() + "; see " + log);
      }
      if (healthy()) {
        return;
      }
      pause(Duration.ofMillis(250));
    }
    stop();
    throw new IllegalStateException("the gateway was not healthy within " + START_TIMEOUT);
  }

  /** Stops the process (SIGTERM, then kill); its SSE connections drop, as in a redeploy. */
  void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private boolean healthy() {
    try {
      HttpResponse<Void> res =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "actuator/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return res.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
