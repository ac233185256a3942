package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's supervision on the real KV: node and coordinator processes from their executable
 * jars, started as the launcher starts them, on free loopback ports. Nothing else of the system
 * runs.
 */
class KvRestartProcessTest {

  private static final Path HOME =
      Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
  private static final Duration READY = Duration.ofSeconds(120);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @TempDir Path data;

  private final Queue<String> console = new ConcurrentLinkedQueue<>();
  private final List<SupervisedService> started = new ArrayList<>();
  private LaunchOptions options;
  private Path logs;

  @BeforeEach
  void plan() throws IOException {
    options = PortBlock.options(PortBlock.reserve(), HOME, data, 0, 1, false, 1);
    logs = Files.createDirectories(data.resolve("logs"));
  }

  @AfterEach
  void stopAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).stop(Duration.ofSeconds(10));
    }
  }

  @Test
  void aKilledNodeIsStartedAgainAndTheKvIsHealthyAgain() throws Exception {
    startKv(quickRestarts());
    SupervisedService nodeB = service("kv-node-b");
    long killedPid = nodeB.pid();
    int port = options.kvFirstNodePort() + 1;

    ProcessHandle.of(killedPid).orElseThrow().destroyForcibly();

    await()
        .atMost(READY)
        .untilAsserted(
            () -> {
              assertThat(nodeB.pid()).isNotEqualTo(killedPid);
              assertThat(listening(port)).as("something listens on " + port).isTrue();
              assertThat(get(options.kvCoordinatorUrl(0) + "/health"))
                  .contains("\"status\":\"ok\"");
            });
    assertThat(console)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("kv-node-b exited unexpectedly with code 137 (SIGKILL)")
                    .contains("restarting it in 1 s (attempt 1"))
        .contains("kv-node-b is ready again");
  }

  @Test
  void withRestartsOffAKilledNodeStaysDownAndTheConsoleSaysSo() throws Exception {
    SupervisedService nodeC = supervise(kvStages().get(0).get(2), RestartPolicy.never());
    nodeC.awaitReady();

    ProcessHandle.of(nodeC.pid()).orElseThrow().destroyForcibly();

    await()
        .atMost(READY)
        .untilAsserted(
            () ->
                assertThat(console)
                    .anySatisfy(
                        line ->
                            assertThat(line)
                                .startsWith("WARNING: kv-node-c exited with code 137 (SIGKILL)")
                                .contains("stays down")));
    assertThat(nodeC.exitReport()).isPresent();
    assertThat(listening(options.kvFirstNodePort() + 2)).isFalse();
  }

  @Test
  void aNodeThatFailsToStartIsStartedAgainInsteadOfFailingTheStart() throws Exception {
    ServiceSpec nodeA = kvStages().get(0).get(0);
    CompletableFuture<Void> ready;
    try (ServerSocket squatter =
        new ServerSocket(options.kvFirstNodePort(), 1, InetAddress.getLoopbackAddress())) {
      SupervisedService node = supervise(nodeA, quickRestarts());
      ready =
          CompletableFuture.runAsync(
              () -> {
                try {
                  node.awaitReady();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      await()
          .atMost(READY)
          .until(
              () -> console.stream().anyMatch(l -> l.startsWith("kv-node-a exited unexpectedly")));
      assertThat(ready).isNotDone();
    }
    ready.get(READY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(get(options.kvNodeUrl(0) + "/health")).isNotEmpty();
  }

  /** Restarts after 1 s, so the test waits little; the launcher's own policy is the same shape. */
  private static RestartPolicy quickRestarts() {
    return new RestartPolicy(
        true, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(1));
  }

  private void startKv(RestartPolicy policy) throws Exception {
    for (List<ServiceSpec> stage : kvStages()) {
      List<SupervisedService> services = new ArrayList<>();
      for (ServiceSpec spec : stage) {
        services.add(supervise(spec, policy));
      }
      for (SupervisedService s : services) {
        s.awaitReady();
      }
    }
  }

  /** The KV's stages of the plan: the nodes, then the coordinator. */
  private List<List<ServiceSpec>> kvStages() {
    return SystemPlan.stages(options, SystemPlanTest.CREDENTIALS).stream()
        .filter(stage -> stage.stream().allMatch(s -> s.name().startsWith("kv-")))
        .toList();
  }

  private SupervisedService supervise(ServiceSpec spec, RestartPolicy policy) throws IOException {
    SupervisedService s = SupervisedService.start(spec, logs, policy, READY, console::add);
    started.add(s);
    return s;
  }

  private SupervisedService service(String name) {
    return started.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
    return response.body();
  }
}
