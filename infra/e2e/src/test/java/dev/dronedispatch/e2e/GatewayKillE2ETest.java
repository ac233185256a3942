package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.checking.fault.Kill;
import dev.dronedispatch.checking.fault.Target;
import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A gateway process killed with SIGKILL (the checking kit's {@code Kill}) between the steps of a
 * creation (after its KV batch, before or after the Kafka acknowledgement, before the completion
 * batch) leaves nothing half-done: the system's other gateway finishes every stored delivery
 * (publishes it, completes its Idempotency-Key, drops its outbox entry), and a client retrying with
 * its key gets that one delivery back.
 */
class GatewayKillE2ETest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static LocalSystem system;
  private static HttpClient http;
  private final FaultLog faults = SystemUnderTest.faultLog();

  @BeforeAll
  static void startTheSystem() throws Exception {
    system = SystemUnderTest.start(4, 60.0);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void killedAfterItsKvBatchAndBeforeThePublishTheDeliveryIsStillPublishedOnce() throws Exception {
    LaunchOptions o = system.options();
    // a broker address nobody answers on: the publish never completes, so the kill lands
    // between the stored batch and the Kafka send
    Gateway doomed = startGateway(o, "gateway-doomed", freePort(), "300");
    try (TopicRecorder<DeliveryRequested> requested =
        new TopicRecorder<>(o.kafkaBootstrap(), Topics.DELIVERIES_REQUESTED)) {
      String key = "kill-" + UUID.randomUUID();
      String body = body(new Random(7));
      CompletableFuture<HttpResponse<String>> hanging = postAsync(doomed.url(), body, key);
      JsonNode binding = awaitKv("idem:" + key);
      String id = binding.get("value").get("delivery_id").asString();
      assertThat(kvGet("delivery:" + id)).isPresent();
      assertThat(outboxIdsOf(Set.of(id))).containsExactly(id);
      new Kill().inject(doomed.target(), faults);
      assertThat(hanging.handle((r, e) -> r == null).get()).as("no answer from the dead").isTrue();

      awaitFinished(requested, Set.of(id));
      HttpResponse<String> retry = post(o.gatewayUrl(), body, key);
      assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
      assertThat(Json.mapper().readTree(retry.body()).get("id").asString()).isEqualTo(id);
    } finally {
      doomed.process().destroyForcibly();
    }
  }

  @Test
  void killedInTheMiddleOfManyCreationsEveryKeyEndsWithOnePublishedDelivery() throws Exception {
    LaunchOptions o = system.options();
    Gateway doomed = startGateway(o, "gateway-victim", o.kafkaPort(), "5");
    try (TopicRecorder<DeliveryRequested> requested =
        new TopicRecorder<>(o.kafkaBootstrap(), Topics.DELIVERIES_REQUESTED)) {
      Random random = new Random(11);
      Map<String, String> bodies = new LinkedHashMap<>();
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String key = "victim-" + i + "-" + UUID.randomUUID();
        bodies.put(key, body(random));
        inFlight.add(postAsync(doomed.url(), bodies.get(key), key));
        if (i == 200) {
          new Kill().inject(doomed.target(), faults);
        }
      }
      Map<String, String> answeredBeforeKill = new LinkedHashMap<>();
      int i = 0;
      for (Map.Entry<String, String> e : bodies.entrySet()) {
        HttpResponse<String> r = inFlight.get(i++).handle((ok, err) -> ok).get();
        if (r != null && r.statusCode() == 201) {
          answeredBeforeKill.put(e.getKey(), idOf(r));
        }
      }
      System.out.println("[e2e] 201s before the kill: " + answeredBeforeKill.size());

      // every client retries with its key on the surviving gateway until it gets an answer
      Map<String, String> idByKey = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : bodies.entrySet()) {
        idByKey.put(e.getKey(), retryUntilAnswered(o.gatewayUrl(), e.getValue(), e.getKey()));
      }
      answeredBeforeKill.forEach((key, id) -> assertThat(idByKey.get(key)).isEqualTo(id));
      Set<String> ids = Set.copyOf(idByKey.values());
      assertThat(ids).hasSize(bodies.size());
      for (String id : ids) {
        assertThat(kvGet("delivery:" + id)).as("document of " + id).isPresent();
      }
      awaitFinished(requested, ids);
    } finally {
      doomed.process().destroyForcibly();
    }
  }

  /** Waits until every delivery is on the topic and no outbox entry of theirs is left. */
  private static void awaitFinished(TopicRecorder<DeliveryRequested> requested, Set<String> ids)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> published =
          requested.history().stream().map(DeliveryRequested::id).collect(Collectors.toSet());
      if (published.containsAll(ids) && outboxIdsOf(ids).isEmpty()) {
        break;
      }
      Thread.sleep(500);
    }
    Set<String> published =
        requested.history().stream().map(DeliveryRequested::id).collect(Collectors.toSet());
    assertThat(published).containsAll(ids);
    assertThat(outboxIdsOf(ids)).isEmpty();
  }

  /** A retry answers 200 (or 201) once the binding is finished; 409 while it is in flight. */
  private static String retryUntilAnswered(String gateway, String body, String key)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    HttpResponse<String> r = post(gateway, body, key);
    while ((r.statusCode() == 409 || r.statusCode() == 503) && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      r = post(gateway, body, key);
    }
    assertThat(r.statusCode()).as(key + ": " + r.body()).isIn(200, 201);
    return idOf(r);
  }

  /** A gateway process of the test's own, next to the system's. */
  private record Gateway(String name, Process process, String url) {
    /** Killed, it is not started again: the system's own gateway finishes its work. */
    Target target() {
      return Target.of(name, process);
    }
  }

  /** Starts a gateway as the launcher does, with its broker at {@code kafkaPort}. */
  private static Gateway startGateway(
      LaunchOptions o, String name, int kafkaPort, String publishTimeoutS)
      throws IOException, InterruptedException {
    int port = freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder b =
        new ProcessBuilder(
                java.toString(),
                "-Xmx384m",
                "-jar",
                o.executableJar("ingest-gateway", "ingest-gateway-0.1.0-SNAPSHOT-exec.jar")
                    .toString())
            .redirectErrorStream(true)
            .redirectOutput(o.dataDir().resolve("logs").resolve(name + ".log").toFile());
    b.environment().put("SERVER_PORT", Integer.toString(port));
    b.environment().put("KV_URL", o.kvUrl());
    b.environment().put("KV_AUTH_TOKEN", system.credentials().kvAuthToken());
    b.environment().put("DD_API_KEY_HASHES", system.credentials().apiKeyHashes());
    b.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
    b.environment().put("KAFKA_PUBLISH_TIMEOUT", publishTimeoutS);
    b.environment().put("GATEWAY_INSTANCE_ID", name);
    Process p = b.start();
    awaitLive(p, port);
    return new Gateway(name, p, "http://127.0.0.1:" + port);
  }

  private static void awaitLive(Process p, int port) throws InterruptedException {
    HttpRequest live =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("gateway process alive").isTrue();
      try {
        if (http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("gateway on " + port + " not live");
  }

  private static CompletableFuture<HttpResponse<String>> postAsync(
      String gateway, String body, String key) {
    return http.sendAsync(request(gateway, body, key), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String gateway, String body, String key)
      throws Exception {
    return http.send(request(gateway, body, key), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String gateway, String body, String key) {
    return HttpRequest.newBuilder(URI.create(gateway + "/deliveries"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .header("X-Api-Key", system.credentials().apiKey())
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static String idOf(HttpResponse<String> r) {
    return Json.mapper().readTree(r.body()).get("id").asString();
  }

  private static String body(Random random) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"origin\":{\"lat\":%.6f,\"lon\":%.6f},\"destination\":{\"lat\":%.6f,\"lon\":%.6f},"
            + "\"weight\":%.2f}",
        41.82 + random.nextDouble() * 0.14,
        12.39 + random.nextDouble() * 0.19,
        41.82 + random.nextDouble() * 0.14,
        12.39 + random.nextDouble() * 0.19,
        0.5 + random.nextDouble() * 8);
  }

  /** The KV coordinator's answer for {@code key} ({@code {key, value, version, ts}}), if live. */
  private static Optional<JsonNode> kvGet(String key) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        system.options().kvCoordinatorUrl(0)
                            + "/kv/"
                            + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20")))
                .header("Authorization", "Bearer " + system.credentials().kvAuthToken())
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? Optional.of(Json.mapper().readTree(r.body())) : Optional.empty();
  }

  private static JsonNode awaitKv(String key) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<JsonNode> found = kvGet(key);
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(key + " never written");
  }

  /** Which of {@code ids} still have an outbox entry, paging through the scan API. */
  private static Set<String> outboxIdsOf(Set<String> ids) throws Exception {
    Set<String> left = new HashSet<>();
    String start = "";
    while (start != null) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          system.options().kvCoordinatorUrl(0)
                              + "/kv?prefix="
                              + URLEncoder.encode("outbox:", StandardCharsets.UTF_8)
                              + "&limit=1000"
                              + (start.isEmpty()
                                  ? ""
                                  : "&start=" + URLEncoder.encode(start, StandardCharsets.UTF_8))))
                  .header("Authorization", "Bearer " + system.credentials().kvAuthToken())
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = Json.mapper().readTree(r.body());
      for (JsonNode item : page.get("items")) {
        String id = item.get("value").get("id").asString();
        if (ids.contains(id)) {
          left.add(id);
        }
      }
      JsonNode next = page.get("next");
      start = next == null || next.isNull() ? null : next.asString();
    }
    return left;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
