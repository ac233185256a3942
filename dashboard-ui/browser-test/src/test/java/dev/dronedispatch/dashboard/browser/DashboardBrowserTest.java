package dev.dronedispatch.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.nginx.Nginx;
import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in Debian's headless Chromium against the real system on loopback: a real KRaft
 * broker, the real KV cluster (three RocksDB nodes and the coordinator), the real gateway (its own
 * process, stopped and started again halfway through) and Debian's nginx in front of it with the
 * project's load-balancer configuration, with drones registered in the KV, orders posted to the
 * gateway's API and the dispatcher's and simulator's events published to the real topics. The page
 * must draw every visible drone in its status colour, show KPI counters equal to what the REST API
 * says, show an event published after it loaded within two seconds, reconnect by itself after the
 * gateway restarts, and stay one column wide on a phone. Screenshots land in target/screenshots/.
 */
@ExtendWith(RealKafkaExtension.class)
class DashboardBrowserTest {

  private static final Duration LIVE_EVENT_BUDGET = Duration.ofSeconds(2);
  private static final Duration ADMISSION_LIMIT = Duration.ofSeconds(20);

  private static LocalKvCluster kvCluster;
  private static KvClient kv;
  private static GatewayUnderTest gateway;
  private static Nginx nginx;
  private static FleetDriver fleet;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startSystem(KafkaCluster kafka, @TempDir Path dir) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    kvCluster = LocalKvCluster.start(dir.resolve("kv"));
    kv = kvCluster.newClient();
    gateway =
        GatewayUnderTest.start(
            kvCluster,
            kafka.bootstrapServers(),
            workDir().resolve("gateway.log"),
            // no dispatcher: the light order left pending closes admission for light orders once
            // it has waited this long (the test posts its orders first)
            Map.of("gateway.admission.max-wait", ADMISSION_LIMIT.toSeconds() + "s"));
    fleet = new FleetDriver(kv, kafka.bootstrapServers());
    // the page and the API are reached through the project's load balancer, as in compose
    Path binary =
        Nginx.binary()
            .orElseThrow(() -> new AssertionError("nginx missing (apt-get install -y nginx)"));
    nginx =
        Nginx.start(
                binary,
                Path.of(System.getProperty("nginx.config", "../../infra/nginx/nginx.conf")),
                workDir().resolve("nginx"),
                GatewayUnderTest.freePort(),
                List.of("server 127.0.0.1:" + gateway.port() + " max_fails=3 fail_timeout=5s;"))
            .awaitReady(Duration.ofSeconds(20));
  }

  @AfterAll
  static void stopSystem() {
    if (nginx != null) {
      nginx.close();
    }
    if (fleet != null) {
      fleet.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (kv != null) {
      kv.close();
    }
    if (kvCluster != null) {
      kvCluster.close();
    }
  }

  @Test
  void shouldDrawTheFleetMatchTheApiAndShowALiveEventWithinTwoSeconds() throws Exception {
    Path chromium = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("Debian's chromium at %s (apt-get install -y chromium)", chromium)
        .isTrue();

    // a fleet over the four zones of the default 2 x 2 grid, away from chargers and zone names
    fleet.register("drone-1", WeightClass.LIGHT, DroneStatus.IDLE, new GeoPoint(41.95, 12.40));
    fleet.register("drone-2", WeightClass.MEDIUM, DroneStatus.IDLE, new GeoPoint(41.91, 12.45));
    fleet.register("drone-3", WeightClass.HEAVY, DroneStatus.IDLE, new GeoPoint(41.96, 12.52));
    fleet.register("drone-4", WeightClass.LIGHT, DroneStatus.IDLE, new GeoPoint(41.91, 12.57));
    fleet.register("drone-5", WeightClass.MEDIUM, DroneStatus.IDLE, new GeoPoint(41.86, 12.40));
    fleet.register("drone-6", WeightClass.HEAVY, DroneStatus.CHARGING, new GeoPoint(41.82, 12.46));
    fleet.register("drone-7", WeightClass.LIGHT, DroneStatus.CHARGING, new GeoPoint(41.87, 12.52));
    fleet.register("drone-8", WeightClass.MEDIUM, DroneStatus.RETIRING, new GeoPoint(41.82, 12.58));
    fleet.register("drone-9", WeightClass.HEAVY, DroneStatus.INACTIVE, new GeoPoint(41.84, 12.50));
    fleet.register("drone-10", WeightClass.LIGHT, DroneStatus.IDLE, new GeoPoint(41.93, 12.47));
    fleet.register("drone-11", WeightClass.MEDIUM, DroneStatus.IDLE, new GeoPoint(41.94, 12.56));
    fleet.register("drone-12", WeightClass.HEAVY, DroneStatus.IDLE, new GeoPoint(41.85, 12.55));

    // three orders through the gateway's API; the first is assigned before the page opens
    List<String> orders = new ArrayList<>();
    orders.add(postDelivery(new GeoPoint(41.95, 12.41), new GeoPoint(41.86, 12.58), 2.0));
    orders.add(postDelivery(new GeoPoint(41.92, 12.44), new GeoPoint(41.83, 12.42), 5.0));
    orders.add(postDelivery(new GeoPoint(41.97, 12.55), new GeoPoint(41.81, 12.50), 1.5));
    fleet.assign(orders.get(0), "drone-1");
    fleet.telemetry(fleet.drone("drone-1").orElseThrow(), null);

    Path screenshots = Path.of(System.getProperty("screenshot.dir", "target/screenshots"));
    try (BrowserScript browser =
        BrowserScript.start(
            Path.of(System.getProperty("browser.script")),
            Path.of(System.getProperty("playwright.dir"), "node_modules"),
            nginx.url() + "/",
            screenshots,
            chromium.toString(),
            workDir().resolve("browser.log"))) {

      JsonNode ready = browser.await("READY", Duration.ofSeconds(90));
      assertThat(ready.path("title").asString()).contains("DroneDispatch");
      // 11 drones are active with a position; the inactive one is hidden
      assertThat(ready.path("visible_rest").asInt()).isEqualTo(11);
      assertThat(ready.path("drawn").asInt()).isEqualTo(11);
      assertThat(ready.path("pixels").path("checked").asInt()).isEqualTo(11);
      assertThat(ready.path("pixels").path("wrong").size())
          .as("drones not in their status colour at their position: %s", ready.path("pixels"))
          .isZero();
      assertThat(ready.path("kpis").path("ok").asBoolean())
          .as("KPI counters vs the REST API: %s", ready.path("kpis"))
          .isTrue();
      assertThat(ready.path("kpis").path("expected").path("pending").asInt()).isEqualTo(2);
      assertThat(ready.path("kpis").path("expected").path("active_deliveries").asInt())
          .isEqualTo(1);
      // hovering a drone names it with its class, zone, status and battery
      JsonNode hover = ready.path("hover");
      assertThat(hover.path("text").asString())
          .contains("drone-2", "medium", hover.path("zone").asString(), "idle", "90%");
      assertThat(ready.path("errors").size()).as("page errors: %s", ready.path("errors")).isZero();
      assertThat(ready.path("external").size())
          .as("requests off the gateway: %s", ready.path("external"))
          .isZero();

      // after load: a new drone appears and the second order is assigned
      long t0 = System.nanoTime();
      fleet.register("drone-13", WeightClass.HEAVY, DroneStatus.IDLE, new GeoPoint(41.90, 12.38));
      fleet.assign(orders.get(1), "drone-2");
      long publishMs = (System.nanoTime() - t0) / 1_000_000;
      browser.send("PUBLISHED", new BrowserScript.Published(orders.get(1), "drone-13"));

      JsonNode live = browser.await("LIVE", Duration.ofSeconds(90));
      assertThat(live.path("appear_error").isNull())
          .as("live event not shown: %s", live.path("appear_error"))
          .isTrue();
      long shownAfterMs = publishMs + live.path("appeared_ms").asLong();
      assertThat(Duration.ofMillis(shownAfterMs)).isLessThanOrEqualTo(LIVE_EVENT_BUDGET);
      assertThat(live.path("kpis_after").path("ok").asBoolean())
          .as("KPI counters after the live event: %s", live.path("kpis_after"))
          .isTrue();
      assertThat(live.path("kpis_after").path("expected").path("pending").asInt()).isEqualTo(1);
      assertThat(live.path("kpis_after").path("expected").path("drones_total").asInt())
          .isEqualTo(13);
      // pressing that delivery's row opens its timeline from the gateway; Escape closes it
      JsonNode timeline = live.path("timeline");
      assertThat(timeline.path("error").isNull()).as("timeline not shown: %s", timeline).isTrue();
      assertThat(timeline.path("delivery_id").asString()).isEqualTo(orders.get(1));
      List<String> steps = new ArrayList<>();
      timeline.path("steps").forEach(step -> steps.add(step.path("step").asString()));
      assertThat(steps).as("timeline: %s", timeline).containsExactly("requested", "assigned");
      assertThat(timeline.path("steps").get(1).path("cells").get(2).asString())
          .isEqualTo("drone-2");
      assertThat(timeline.path("closed").asBoolean()).isTrue();

      // the gateway goes down: the page shows it; it comes back: the page reconnects by itself
      browser.send("RESTARTING");
      gateway.stop();
      JsonNode down = browser.await("DISCONNECTED", Duration.ofSeconds(30));
      assertThat(down.path("state").asString()).isIn("reconnecting", "offline");
      fleet.register("drone-14", WeightClass.LIGHT, DroneStatus.IDLE, new GeoPoint(41.88, 12.44));
      gateway.startAgain();
      browser.send("RESTARTED", new BrowserScript.Published(null, "drone-14"));

      JsonNode result = browser.await("RESULT", Duration.ofSeconds(120));
      assertThat(result.path("reconnect_error").isNull())
          .as("no reconnect: %s", result.path("reconnect_error"))
          .isTrue();
      assertThat(result.path("kpis_reconnected").path("ok").asBoolean())
          .as("KPI counters after reconnecting: %s", result.path("kpis_reconnected"))
          .isTrue();
      assertThat(result.path("kpis_reconnected").path("expected").path("drones_total").asInt())
          .isEqualTo(14);
      // served at / and at /dashboard/ too, its assets found from either
      assertThat(result.path("entries").path("/").path("drawn").asInt()).isEqualTo(13);
      assertThat(result.path("entries").path("/dashboard/").path("path").asString())
          .isEqualTo("/dashboard/");
      assertThat(result.path("entries").path("/dashboard/").path("drawn").asInt()).isEqualTo(13);
      JsonNode narrow = result.path("narrow");
      assertThat(narrow.path("scroll_width").asInt())
          .as("no sideways scrolling on a phone")
          .isLessThanOrEqualTo(narrow.path("inner_width").asInt());
      assertThat(narrow.path("map_width").asDouble()).isGreaterThan(300);
      assertThat(narrow.path("kpis").path("ok").asBoolean())
          .as("KPI counters of a page opened after the restart: %s", narrow.path("kpis"))
          .isTrue();
      for (JsonNode shot : result.path("screenshots")) {
        assertThat(Path.of(shot.asString())).isNotEmptyFile();
      }
      assertThat(result.path("errors").size())
          .as("page errors: %s", result.path("errors"))
          .isZero();

      // losses, as the dispatcher reports them: a heavy order no drone took fails (no_drone);
      // drone-11 is lost with a parcel on board (that delivery fails, drone_lost); drone-2 is lost
      // before its pickup, so the second order goes back to pending
      String neverTaken =
          postDelivery(new GeoPoint(41.83, 12.39), new GeoPoint(41.96, 12.58), 12.0);
      fleet.fail(neverTaken, DeliveryDocument.NO_DRONE);
      String onBoard = postDelivery(new GeoPoint(41.88, 12.50), new GeoPoint(41.97, 12.45), 4.0);
      fleet.assign(onBoard, "drone-11");
      fleet.pickUp(onBoard);
      fleet.lose("drone-11", "lost:silent");
      fleet.fail(onBoard, DeliveryDocument.DRONE_LOST);
      fleet.lose("drone-2", "lost:stuck");
      fleet.handBack(orders.get(1), "drone-2");
      browser.send(
          "LOSSES",
          new BrowserScript.Losses(
              orders.get(1), onBoard, neverTaken, List.of("drone-2", "drone-11")));

      JsonNode losses = browser.await("LOSSES_SHOWN", Duration.ofSeconds(60));
      assertThat(losses.path("error").isNull())
          .as("losses not shown: %s", losses.path("error"))
          .isTrue();
      assertThat(losses.path("kpis").path("ok").asBoolean())
          .as("KPI counters after the losses: %s", losses.path("kpis"))
          .isTrue();
      JsonNode lostExpected = losses.path("kpis").path("expected");
      assertThat(lostExpected.path("drones_by_status.lost").asInt()).isEqualTo(2);
      assertThat(lostExpected.path("failed_last_hour.total").asInt()).isEqualTo(2);
      assertThat(lostExpected.path("failed_last_hour.by_reason.drone_lost").asInt()).isEqualTo(1);
      assertThat(lostExpected.path("failed_last_hour.by_reason.no_drone").asInt()).isEqualTo(1);
      assertThat(lostExpected.path("active_deliveries").asInt()).isEqualTo(1);
      // lost drones stay on the map, in their own colour
      assertThat(losses.path("drawn").asInt()).isEqualTo(13);
      assertThat(losses.path("pixels").path("checked").asInt()).isEqualTo(2);
      assertThat(losses.path("pixels").path("wrong").size())
          .as("lost drones not in their colour: %s", losses.path("pixels"))
          .isZero();
      assertThat(losses.path("legend").asString()).contains("lost", "failed");
      // the failed delivery's cross and the lost drone name the failure and its reason
      assertThat(losses.path("failure_hover").asString()).contains("failed", "no drone");
      assertThat(losses.path("lost_hover").asString())
          .contains("drone-11", "lost", "failed", "drone lost");
      assertThat(Path.of(losses.path("screenshot").asString())).isNotEmptyFile();

      // another drone takes the handed-back order
      fleet.assign(orders.get(1), "drone-5");
      browser.send("REASSIGNED", new BrowserScript.Published(orders.get(1), "drone-5"));
      JsonNode reassigned = browser.await("REASSIGNED_SHOWN", Duration.ofSeconds(60));
      assertThat(reassigned.path("error").isNull())
          .as("reassignment not shown: %s", reassigned.path("error"))
          .isTrue();
      assertThat(reassigned.path("kpis").path("ok").asBoolean())
          .as("KPI counters after the reassignment: %s", reassigned.path("kpis"))
          .isTrue();
      assertThat(reassigned.path("errors").size())
          .as("page errors: %s", reassigned.path("errors"))
          .isZero();

      // a backlog newer than the active deliveries, documents and events that are not drones
      fleet.storeRaw("drone:ghost", "{\"type\":\"light\",\"status\":\"idle\"," + IN_AREA + "}");
      fleet.storeRaw("drone:drone-90", "{\"id\":\"drone-90\",\"status\":\"idle\"," + IN_AREA + "}");
      fleet.storeRaw(
          "drone:drone-91",
          "{\"id\":\"drone-91\",\"type\":\"heavy\",\"status\":\"idle\","
              + "\"pos\":{\"lat\":0,\"lon\":0}}");
      fleet.storeRaw(
          "drone:drone-92",
          "{\"id\":\"drone-92\",\"type\":\"medium\",\"status\":\"exploded\"," + IN_AREA + "}");
      fleet.strayTelemetry(
          "drone-93",
          WeightClass.LIGHT,
          new GeoPoint(41.80, 12.37),
          Instant.now().minus(Duration.ofMinutes(10)));
      fleet.strayFleetEvent("drone-94");
      fleet.backlog(210, 1.0);
      JsonNode drones = get("drones");
      assertThat(drones.path("count").asInt()).isEqualTo(14);
      assertThat(drones.path("skipped").asInt()).isEqualTo(4);

      // the light order left pending has waited over the limit: new light orders are refused
      awaitAdmissionClosed("light", Duration.ofSeconds(60));
      HttpResponse<String> refused =
          post(new GeoPoint(41.95, 12.41), new GeoPoint(41.86, 12.58), 1.0);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      JsonNode problem = Json.mapper().readTree(refused.body());
      assertThat(problem.path("weight_class").asString()).isEqualTo("light");
      assertThat(problem.path("max_wait_s").asLong()).isEqualTo(ADMISSION_LIMIT.toSeconds());
      assertThat(problem.path("estimated_wait_s").asDouble())
          .isGreaterThan(ADMISSION_LIMIT.toSeconds());
      // heavy orders are still taken, with their expected wait
      HttpResponse<String> heavy =
          post(new GeoPoint(41.95, 12.41), new GeoPoint(41.86, 12.58), 12.0);
      assertThat(heavy.statusCode()).as(heavy.body()).isEqualTo(201);
      assertThat(Json.mapper().readTree(heavy.body()).path("eta").path("basis").asString())
          .isEqualTo("no_backlog");

      browser.send("BACKLOG");
      JsonNode shown = browser.await("BACKLOG_SHOWN", Duration.ofSeconds(90));
      assertThat(shown.path("admission").path("classes").asString()).isEqualTo("light");
      assertThat(shown.path("admission").path("state").asString()).isEqualTo("closed");
      assertThat(shown.path("admission").path("banner").asString())
          .contains("Admission closed for light", "estimated wait", "pending");
      // the two active deliveries are older than the newest 200: the table still lists both
      JsonNode active = shown.path("active");
      assertThat(active.path("tile").asInt()).isEqualTo(2);
      assertThat(active.path("rows").asInt()).isEqualTo(2);
      assertThat(active.path("header").asString()).isEqualTo("2");
      // 14 drones, drone-9 inactive (the lost ones are drawn): none of the invalid documents nor
      // stray events is counted
      JsonNode fleetShown = shown.path("fleet");
      assertThat(fleetShown.path("tile").asInt()).isEqualTo(14);
      assertThat(fleetShown.path("table").asInt()).isEqualTo(14);
      assertThat(fleetShown.path("header").asString()).isEqualTo("14");
      assertThat(fleetShown.path("drawn").asInt()).isEqualTo(13);
      assertThat(shown.path("kpis").path("ok").asBoolean())
          .as("KPI counters under the backlog: %s", shown.path("kpis"))
          .isTrue();
      assertThat(shown.path("kpis").path("expected").path("pending").asInt()).isEqualTo(212);
      assertThat(Path.of(shown.path("screenshot").asString())).isNotEmptyFile();
      assertThat(shown.path("errors").size()).as("page errors: %s", shown.path("errors")).isZero();
      assertThat(browser.awaitExit(Duration.ofSeconds(30))).isZero();
      System.out.printf(
          "dashboard showed the live event %d ms after publishing began (publish %d ms);"
              + " live again %d ms after the gateway restarted%n",
          shownAfterMs, publishMs, result.path("reconnect_ms").asLong());
    }
  }

  private static final String IN_AREA = "\"pos\":{\"lat\":41.9,\"lon\":12.45}";

  private static Path workDir() {
    return Path.of(System.getProperty("work.dir", "target/work"));
  }

  private static String postDelivery(GeoPoint origin, GeoPoint destination, double kg)
      throws IOException, InterruptedException {
    HttpResponse<String> res = post(origin, destination, kg);
    assertThat(res.statusCode()).as("POST /deliveries: %s", res.body()).isEqualTo(201);
    return Json.mapper().readTree(res.body()).path("id").asString();
  }

  private static HttpResponse<String> post(GeoPoint origin, GeoPoint destination, double kg)
      throws IOException, InterruptedException {
    String body =
        Json.mapper()
            .writeValueAsString(Map.of("origin", origin, "destination", destination, "weight", kg));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(nginx.url() + "/deliveries"))
            .header("Content-Type", "application/json")
            .header("X-Api-Key", GatewayUnderTest.API_KEY)
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> res =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(nginx.url() + "/" + path))
                .header("X-Api-Key", GatewayUnderTest.API_KEY)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as("GET /%s: %s", path, res.body()).isEqualTo(200);
    return Json.mapper().readTree(res.body());
  }

  /** Waits until the gateway's metrics say admission is closed for the class. */
  private static void awaitAdmissionClosed(String weightClass, Duration timeout)
      throws IOException, InterruptedException {
    String closed = "class=\"" + weightClass + "\"} 1.0";
    long deadline = System.nanoTime() + timeout.toNanos();
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "actuator/prometheus"))
                      .header(
                          "Authorization",
                          "Basic "
                              + java.util.Base64.getEncoder()
                                  .encodeToString(
                                      ("operator:" + GatewayUnderTest.OPERATOR_PASSWORD)
                                          .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      if (metrics
          .lines()
          .anyMatch(l -> l.startsWith("gateway_admission_closed{") && l.contains(closed))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "admission not closed for "
            + weightClass
            + " within "
            + timeout
            + ": "
            + metrics.lines().filter(l -> l.startsWith("gateway_admission")).toList());
  }
}
