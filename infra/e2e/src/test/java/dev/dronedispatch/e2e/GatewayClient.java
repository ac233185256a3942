package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.zones.Bounds;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** What the end-to-end tests do through the gateway, as a client would. */
final class GatewayClient {

  private static final Duration RETRY_FOR = Duration.ofSeconds(30);

  private final HttpClient http;
  private final String gateway;
  private final String apiKey;

  /** {@code apiKey}: the order client's key (the launcher's DD_API_KEY). */
  GatewayClient(HttpClient http, String gateway, String apiKey) {
    this.http = http;
    this.gateway = gateway;
    this.apiKey = apiKey;
  }

  ZonesConfig zones() throws Exception {
    return Json.mapper().readValue(get(gateway + "/zones"), ZonesConfig.class);
  }

  /**
   * Posts a delivery with a fresh Idempotency-Key and answers its id. A 503 (storage briefly
   * unavailable, admission closed) is retried with the same key, as a client should, for up to half
   * a minute; anything but 201 in the end fails the test.
   */
  String post(GeoPoint origin, GeoPoint destination, double weight) throws Exception {
    String body =
        Json.mapper()
            .writeValueAsString(
                Map.of("origin", origin, "destination", destination, "weight", weight));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gateway + "/deliveries"))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .header("X-Api-Key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10))
            .build();
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
      System.out.println("[e2e] POST answered 503, retrying with the same key: " + response.body());
      Thread.sleep(1000);
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.mapper().readTree(response.body()).get("id").asString();
  }

  /** Posts a delivery between two random zones, of a random weight. */
  String postRandom(ZonesConfig zones, Random random) throws Exception {
    String from = zones.zones().get(random.nextInt(zones.zones().size())).name();
    String to = zones.zones().get(random.nextInt(zones.zones().size())).name();
    double weight = Math.round((0.2 + random.nextDouble() * 9.8) * 100) / 100.0;
    return post(point(zones, from, random), point(zones, to, random), weight);
  }

  static GeoPoint point(ZonesConfig zones, String zone, Random random) {
    Bounds b = zones.zone(zone).orElseThrow().bounds();
    // stay off the edges so the point belongs to this zone and no earlier one
    double lat = b.latMin() + (0.05 + 0.9 * random.nextDouble()) * (b.latMax() - b.latMin());
    double lon = b.lonMin() + (0.05 + 0.9 * random.nextDouble()) * (b.lonMax() - b.lonMin());
    return new GeoPoint(lat, lon);
  }

  private String get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", apiKey).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
