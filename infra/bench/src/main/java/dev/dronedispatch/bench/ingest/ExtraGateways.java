package dev.dronedispatch.bench.ingest;

import dev.dronedispatch.launcher.LaunchOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gateway instances beyond the one the local system runs, each its own process configured as the
 * launcher configures its gateway (same jar, KV, broker and heap), on the given ports.
 */
final class ExtraGateways implements AutoCloseable {

  private static final String JAR = "ingest-gateway-0.1.0-SNAPSHOT-exec.jar";

  private final List<Process> processes = new ArrayList<>();

  static ExtraGateways start(LaunchOptions o, List<Integer> ports) throws IOException {
    ExtraGateways g = new ExtraGateways();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    for (int i = 0; i < ports.size(); i++) {
      String name = "gateway-" + (i + 2);
      ProcessBuilder b =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx384m",
                  "-jar",
                  o.executableJar("ingest-gateway", JAR).toString())
              .redirectErrorStream(true)
              .redirectOutput(o.dataDir().resolve("logs").resolve(name + ".log").toFile());
      b.environment().put("SERVER_PORT", Integer.toString(ports.get(i)));
      b.environment().put("KV_URL", o.kvUrl());
      b.environment().put("KAFKA_BOOTSTRAP_SERVERS", o.kafkaBootstrap());
      b.environment().put("GATEWAY_INSTANCE_ID", name);
      g.processes.add(b.start());
    }
    return g;
  }

  List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  /** Waits until every instance reports ready (KV and Kafka reachable). */
  void awaitReady(List<Integer> ports, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int port : ports) {
      HttpRequest ready =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
              .timeout(Duration.ofSeconds(2))
              .build();
      while (true) {
        try {
          if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            break;
          }
        } catch (IOException notYet) {
          // still starting
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("gateway on port " + port + " not ready in " + timeout);
        }
        Thread.sleep(250);
      }
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
