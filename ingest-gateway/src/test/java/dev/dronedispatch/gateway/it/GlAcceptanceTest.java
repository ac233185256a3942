package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.listener.TopicRecords;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ordergen.run.OrderGenSettings;
import dev.dronedispatch.ordergen.run.OrderGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The original's gateway acceptance suite (original-behaviour.md §13.3, GL1–GL7) against real
 * gateways, a real Kafka broker and the shared KV store, without sleeps.
 */
class GlAcceptanceTest {

  private static GatewayCluster cluster;
  private static String api;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
    api = cluster.a().url();
  }

  @Test
  void gl1_healthIsOkAndZonesAreBootstrappedAgainAfterTheConfigIsNulled() {
    Http.Response health = Http.get(api + "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asString()).isEqualTo("ok");

    cluster.kv().put(KvKeys.ZONES_CONFIG, NullNode.getInstance()).block();
    assertThat(cluster.kv().get(KvKeys.ZONES_CONFIG).block()).isEmpty();

    Http.Response zones = Http.get(api + "/zones");
    assertThat(zones.status()).isEqualTo(200);
    JsonNode z = zones.json();
    assertThat(z.get("bounds").get("lat_min").asDouble()).isEqualTo(41.80);
    assertThat(z.get("bounds").get("lon_max").asDouble()).isEqualTo(12.60);
    assertThat(z.get("zones").size()).isEqualTo(4);
    assertThat(z.get("rows").asInt()).isEqualTo(2);
    assertThat(z.get("cols").asInt()).isEqualTo(2);
    assertThat(cluster.kv().get(KvKeys.ZONES_CONFIG).block()).isPresent();
  }

  @Test
  void gl2_sameKeyAndBodyReplaysTheSameDeliveryStoredAndPublishedOnce() {
    String key = "gl2-" + UUID.randomUUID();
    String body = Orders.random(new Random(2));
    Http.Response first = Http.postJson(api + "/deliveries", body, Map.of("Idempotency-Key", key));
    assertThat(first.status()).isEqualTo(201);
    String id = first.json().get("id").asString();
    assertThat(id).isNotBlank();
    assertThat(first.json().get("status").asString()).isEqualTo("pending");
    assertThat(first.json().get("drone_id").isNull()).isTrue();
    assertThat(first.header("Location")).isEqualTo("/deliveries/" + id);

    // the replay goes to another instance: the binding lives in the KV store
    Http.Response second =
        Http.postJson(cluster.b().url() + "/deliveries", body, Map.of("Idempotency-Key", key));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(second.json().get("id").asString()).isEqualTo(id);
    assertThat(second.json().get("status").asString()).isEqualTo("pending");

    assertThat(cluster.kv().get(KvKeys.delivery(id)).block()).isPresent();
    assertThat(indexEntriesOf(id)).hasSize(1);
    var records =
        TopicRecords.readUntil(
            cluster.kafka().bootstrapServers(),
            Topics.DELIVERIES_REQUESTED.name(),
            seen -> seen.stream().anyMatch(r -> r.key().equals(id)),
            Duration.ofSeconds(20));
    assertThat(records.stream().filter(r -> r.key().equals(id)).count()).isEqualTo(1);
  }

  @Test
  void gl2b_sameKeyWithAnotherBodyIs422AndStoresNothing() {
    String key = "gl2b-" + UUID.randomUUID();
    Http.Response first =
        Http.postJson(
            api + "/deliveries", Orders.random(new Random(3)), Map.of("Idempotency-Key", key));
    assertThat(first.status()).isEqualTo(201);
    int before = allIndexEntries().size();
    Http.Response other =
        Http.postJson(
            api + "/deliveries", Orders.random(new Random(4)), Map.of("Idempotency-Key", key));
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.header("Content-Type")).startsWith("application/problem+json");
    assertThat(other.json().get("type").asString()).endsWith("/idempotency-key-reused");
    assertThat(allIndexEntries()).hasSize(before);
  }

  @Test
  void gl2c_racingRequestsWithOneKeyCreateOneDelivery() throws Exception {
    String key = "race-" + UUID.randomUUID();
    String body = Orders.random(new Random(5));
    List<GatewayCluster.Gateway> targets = List.of(cluster.a(), cluster.b());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Http.Response>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String url = targets.get(i % 2).url() + "/deliveries";
        futures.add(pool.submit(() -> Http.postJson(url, body, Map.of("Idempotency-Key", key))));
      }
      Set<String> ids = new HashSet<>();
      int created = 0;
      for (Future<Http.Response> f : futures) {
        Http.Response r = f.get();
        assertThat(r.status()).isIn(200, 201, 409);
        if (r.status() == 201) {
          created++;
        }
        if (r.status() != 409) {
          ids.add(r.json().get("id").asString());
        }
      }
      assertThat(created).isEqualTo(1);
      assertThat(ids).hasSize(1);
      assertThat(indexEntriesOf(ids.iterator().next())).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void gl3_listingIsNewestFirstAndHonoursTheLimit() {
    Random rnd = new Random(6);
    List<String> posted = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Http.Response r = Http.postJson(api + "/deliveries", Orders.random(rnd), Map.of());
      assertThat(r.status()).isEqualTo(201);
      posted.add(r.json().get("id").asString());
    }
    Http.Response page = Http.get(cluster.b().url() + "/deliveries?limit=10");
    assertThat(page.status()).isEqualTo(200);
    JsonNode json = page.json();
    assertThat(json.get("count").asInt()).isEqualTo(10);
    assertThat(json.get("items").size()).isEqualTo(10);
    double previous = Double.MAX_VALUE;
    Set<String> listed = new HashSet<>();
    for (JsonNode item : json.get("items")) {
      double ts = item.get("timestamp").asDouble();
      assertThat(ts).isLessThanOrEqualTo(previous);
      previous = ts;
      listed.add(item.get("id").asString());
      assertThat(item.get("requested_at").asString()).isNotBlank();
      assertThat(item.get("origin_zone").asString()).startsWith("zone ");
    }
    assertThat(posted).containsAll(listed);
    assertThat(listed).contains(posted.get(posted.size() - 1));

    int all = Http.get(api + "/deliveries?limit=500").json().get("count").asInt();
    assertThat(Http.get(api + "/deliveries").json().get("count").asInt())
        .isEqualTo(Math.min(30, all));
    for (String bad : List.of("0", "501", "abc", "-3")) {
      Http.Response r = Http.get(api + "/deliveries?limit=" + bad);
      assertThat(r.status()).as("limit=" + bad).isEqualTo(422);
      assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
    }
  }

  @Test
  void gl3b_oneDeliveryHasItsFullDocumentAndUnknownIdsAre404Json() {
    Http.Response created =
        Http.postJson(api + "/deliveries", Orders.random(new Random(7)), Map.of());
    String id = created.json().get("id").asString();
    JsonNode doc = Http.get(api + "/deliveries/" + id).json();
    assertThat(doc.get("id").asString()).isEqualTo(id);
    assertThat(doc.get("status").asString()).isEqualTo("pending");
    assertThat(doc.has("requested_at")).isTrue();
    assertThat(doc.has("assigned_at")).isTrue();
    assertThat(doc.has("picked_up_at")).isTrue();
    assertThat(doc.has("delivered_at")).isTrue();
    assertThat(doc.get("weight_class").asString()).isIn("light", "medium", "heavy");

    Http.Response missing = Http.get(api + "/deliveries/does-not-exist");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(missing.json().get("status").asInt()).isEqualTo(404);
  }

  @Test
  void gl4_dashboardRouteServesTheDashboardIndex() throws IOException {
    Http.Response r = Http.get(api + "/dashboard");
    try (InputStream index =
        getClass().getClassLoader().getResourceAsStream("META-INF/resources/index.html")) {
      if (index != null) {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).isEqualTo(new String(index.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(Http.get(api + "/").body()).isEqualTo(r.body());
      } else {
        // dashboard-ui not packaged yet: a 404 problem, never a stack trace
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      }
    }
  }

  @Test
  void gl5_zonesAreJsonWithZones() {
    Http.Response r = Http.get(api + "/zones");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().get("zones").size()).isPositive();
  }

  @Test
  void gl6_burstOverTheClientLimitGets429WithRetryAfterAndExemptPathsStayOpen() {
    // the original's LB limits were env-configured; this instance runs with RL_CLIENT_RATE=1,
    // RL_CLIENT_BURST=10
    GatewayCluster.Gateway limited =
        cluster.start(
            "gw-limited",
            Map.of("gateway.rate-limit.client-rate", "1", "gateway.rate-limit.client-burst", "10"));
    try {
      burst(limited.url());
    } finally {
      limited.context().close();
    }
  }

  private static void burst(String url) {
    Random rnd = new Random(8);
    List<Http.Response> limited = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Http.Response r =
          Http.postJson(
              url + "/deliveries",
              Orders.random(rnd),
              Map.of("Idempotency-Key", UUID.randomUUID().toString()));
      assertThat(r.status()).isIn(201, 429);
      if (r.status() == 429) {
        limited.add(r);
      }
    }
    assertThat(limited).isNotEmpty();
    Http.Response r = limited.get(0);
    assertThat(Integer.parseInt(r.header("Retry-After"))).isGreaterThanOrEqualTo(1);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("status").asInt()).isEqualTo(429);
    // the bucket is empty now, yet exempt paths answer
    for (String path : List.of("/zones", "/health", "/actuator/health")) {
      assertThat(Http.get(url + path).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void gl7_orderGeneratorSmoke() throws Exception {
    int before = Http.get(api + "/deliveries?limit=500").json().get("count").asInt();
    OrderGenSettings settings =
        new OrderGenSettings(
            api,
            Optional.of(GatewayCluster.API_KEY),
            Optional.of(10.0),
            List.of(),
            Duration.ZERO,
            12,
            2,
            0.2,
            10.0,
            7,
            Optional.empty(),
            Duration.ofSeconds(30),
            Duration.ZERO,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            2,
            2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OrderGenerator generator =
        OrderGenerator.start(settings, new PrintStream(out, true, StandardCharsets.UTF_8))) {
      generator.report(Duration.ofSeconds(60));
      assertThat(generator.stats().sent()).isEqualTo(12);
      assertThat(generator.stats().created())
          .as(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(12);
      assertThat(generator.stats().errorCount()).isZero();
    }
    int after = Http.get(api + "/deliveries?limit=500").json().get("count").asInt();
    assertThat(after).isEqualTo(Math.min(500, before + 12));
  }

  @Test
  void openApiMetricsAndProbesAreServed() {
    Http.Response docs = Http.get(api + "/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    JsonNode paths = docs.json().get("paths");
    for (String p : List.of("/deliveries", "/deliveries/{id}", "/drones", "/zones", "/stream")) {
      assertThat(paths.has(p)).as(p).isTrue();
    }
    for (String status : List.of("201", "200")) {
      assertThat(
              paths
                  .at("/~1deliveries/post/responses/" + status + "/content/application~1json")
                  .at("/schema/$ref")
                  .asString())
          .as("POST /deliveries answers %s with a delivery", status)
          .endsWith("/DeliveryView");
    }
    assertThat(Http.get(api + "/swagger-ui.html").status()).isIn(200, 302);
    assertThat(Http.postJson(api + "/deliveries", Orders.random(new Random(12)), Map.of()).status())
        .isEqualTo(201);
    String metrics = Http.get(api + "/actuator/prometheus").body();
    assertThat(metrics)
        .contains("gateway_deliveries_accepted_total")
        .contains("http_server_requests")
        .contains("gateway_admission_closed{")
        .contains("gateway_admission_estimated_wait_seconds{")
        .containsPattern("kv_client_batches_per_request_count(\\{[^}]*})? [1-9]");
    JsonNode readiness = Http.get(api + "/actuator/health/readiness").json();
    assertThat(readiness.get("status").asString()).isEqualTo("UP");
    assertThat(Http.get(api + "/actuator/health").json().get("components").has("kv")).isTrue();
    assertThat(Http.get(api + "/drones").json().get("count").isInt()).isTrue();
    assertThat(Http.get(api + "/drones/none").status()).isEqualTo(404);
  }

  private static List<KvEntry> indexEntriesOf(String id) {
    return allIndexEntries().stream().filter(e -> e.value().asString().equals(id)).toList();
  }

  static List<KvEntry> allIndexEntries() {
    return Kv.scanAll(cluster.kv(), KvKeys.DELIVERIES_BY_TIME_PREFIX);
  }
}
