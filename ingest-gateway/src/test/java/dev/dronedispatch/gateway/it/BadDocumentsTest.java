package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.idempotency.IdempotencyRecord;
import dev.dronedispatch.gateway.idempotency.IdempotencySweeper;
import dev.dronedispatch.gateway.outbox.OutboxEntry;
import dev.dronedispatch.gateway.outbox.OutboxKeys;
import dev.dronedispatch.kafka.listener.TopicRecords;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Documents that are not what their key promises, under every prefix the gateway reads (drone:,
 * delivery:, the time index, zones_config, outbox:, idem:), each kind as text that is not JSON,
 * JSON of the wrong shape and a JSON object missing what it needs: every listing still answers 200
 * with exactly the valid entries, every bad document is counted in gateway.documents.skipped with
 * its kind and defect, and the sweepers still finish the valid entries. Everything written is
 * removed afterwards: the system is shared with the other test classes.
 */
class BadDocumentsTest {

  /** What a writer that stored raw text leaves: the KV holds JSON only, so a string of non-JSON. */
  private static final String NOT_JSON = "\"<html>502 Bad Gateway</html>\"";

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static GatewayCluster cluster;
  private static KvClient kv;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> written = new ArrayList<>();
  private final List<String> announcedActive = new ArrayList<>();
  private Optional<KvEntry> zonesBefore = Optional.empty();

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
    kv = cluster.kv();
  }

  @AfterEach
  void removeWhatWasWritten() {
    written.forEach(key -> kv.delete(key).block());
    zonesBefore.ifPresent(z -> kv.put(KvKeys.ZONES_CONFIG, z.value()).block());
    // the event hubs forget the deliveries this test made active
    announcedActive.forEach(id -> publishStatus(id, DeliveryStatus.DELIVERED));
  }

  @Test
  void theDeliveryListingAnswersTheValidDeliveriesAndCountsEveryBadEntry() {
    // newer than anything else in the shared system, so the listing's head is this test's
    Instant f = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
    String good1 = id("good-1");
    String good2 = id("good-2");
    String good3 = id("good-3");
    String notJson = id("not-json");
    String wrongShape = id("wrong-shape");
    String noStatus = id("no-status");
    put(KvKeys.DELIVERIES_BY_TIME_PREFIX + "not-a-time:" + run, "\"" + good1 + "\"");
    storeDelivery(delivery(good1, f.plusMillis(8)));
    put(KvKeys.deliveryByTime(f.plusMillis(7), id("object")), "{\"id\":\"" + good1 + "\"}");
    put(KvKeys.deliveryByTime(f.plusMillis(6), id("other")), "\"" + good2 + "\"");
    index(f.plusMillis(5), notJson);
    put(KvKeys.delivery(notJson), NOT_JSON);
    index(f.plusMillis(4), wrongShape);
    put(KvKeys.delivery(wrongShape), "{\"id\":\"" + wrongShape + "\",\"status\":[\"pending\"]}");
    index(f.plusMillis(3), noStatus);
    put(KvKeys.delivery(noStatus), "{\"id\":\"" + noStatus + "\"}");
    storeDelivery(delivery(good2, f.plusMillis(2)));
    index(f.plusMillis(1), good3);
    storeDelivery(delivery(good3, f));
    double[] before = {
      skipped("delivery_index", "key_malformed"),
      skipped("delivery_index", "not_an_id"),
      skipped("delivery_index", "id_not_the_key"),
      skipped("delivery_index", "other_instant"),
      skipped("delivery", "undecodable"),
      skipped("delivery", "status_missing")
    };

    Http.Response page = Http.get(cluster.a().url() + "/deliveries?limit=3");
    assertThat(page.status()).isEqualTo(200);
    assertThat(ids(page.json())).containsExactly(good1, good2, good3);
    assertThat(page.json().get("count").asInt()).isEqualTo(3);
    Http.Response longer = Http.get(cluster.a().url() + "/deliveries");
    assertThat(longer.status()).isEqualTo(200);
    assertThat(ids(longer.json()).subList(0, 3)).containsExactly(good1, good2, good3);
    assertThat(ids(longer.json())).doesNotContain(notJson, wrongShape, noStatus);

    assertThat(skipped("delivery_index", "key_malformed")).isGreaterThan(before[0]);
    assertThat(skipped("delivery_index", "not_an_id")).isGreaterThan(before[1]);
    assertThat(skipped("delivery_index", "id_not_the_key")).isGreaterThan(before[2]);
    assertThat(skipped("delivery_index", "other_instant")).isGreaterThan(before[3]);
    assertThat(skipped("delivery", "undecodable")).isGreaterThanOrEqualTo(before[4] + 2);
    assertThat(skipped("delivery", "status_missing")).isGreaterThan(before[5]);

    // one bad document is not a delivery: 404 as for an unknown id, never a 5xx
    assertThat(Http.get(cluster.a().url() + "/deliveries/" + good1).status()).isEqualTo(200);
    for (String bad : List.of(notJson, wrongShape, noStatus)) {
      Http.Response r = Http.get(cluster.a().url() + "/deliveries/" + bad);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  void theActiveListingAnswersTheValidDeliveriesAndCountsEveryBadDocument() {
    String good = id("active");
    String notJson = id("active-not-json");
    String wrongShape = id("active-wrong-shape");
    String noRoute = id("active-no-route");
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    storeDelivery(delivery(good, at).assigned("drone-7", at));
    put(KvKeys.delivery(notJson), NOT_JSON);
    put(KvKeys.delivery(wrongShape), "[\"" + wrongShape + "\",\"assigned\"]");
    put(
        KvKeys.delivery(noRoute),
        "{\"id\":\"" + noRoute + "\",\"status\":\"assigned\",\"requested_at\":\"" + at + "\"}");
    double undecodable = skipped("delivery", "undecodable");
    double originMissing = skipped("delivery", "origin_missing");
    for (String id : List.of(good, notJson, wrongShape, noRoute)) {
      publishStatus(id, DeliveryStatus.ASSIGNED);
      announcedActive.add(id);
    }

    // the four status events may reach the active set in any order (they hash to different
    // partitions): list until every bad document has been met and counted
    awaitTrue(
        () ->
            ids(Http.get(cluster.a().url() + "/deliveries?status=active").json()).contains(good)
                && skipped("delivery", "undecodable") >= undecodable + 2
                && skipped("delivery", "origin_missing") > originMissing);
    Http.Response active = Http.get(cluster.a().url() + "/deliveries?status=active");
    assertThat(active.status()).isEqualTo(200);
    assertThat(ids(active.json())).contains(good).doesNotContain(notJson, wrongShape, noRoute);
  }

  @Test
  void theDroneListingAnswersTheValidDronesAndCountsEveryBadDocument() {
    String good = "drone-" + (900_000 + new Random().nextInt(99_999));
    put(
        KvKeys.drone(good),
        Json.mapper()
            .writeValueAsString(
                DroneDocument.registered(good, WeightClass.LIGHT, new GeoPoint(41.9, 12.45), 60)
                    .withStatus(DroneStatus.IDLE)));
    put(KvKeys.drone(id("drone-not-json")), NOT_JSON);
    put(KvKeys.drone(id("drone-wrong-shape")), "{\"id\":{\"n\":1},\"type\":\"light\"}");
    String noStatus = id("drone-no-status");
    put(
        KvKeys.drone(noStatus),
        "{\"id\":\"" + noStatus + "\",\"type\":\"light\",\"pos\":{\"lat\":41.9,\"lon\":12.45}}");
    double undecodable = skipped("drone", "undecodable");
    double statusMissing = skipped("drone", "status_missing");

    Http.Response drones = Http.get(cluster.b().url() + "/drones");
    assertThat(drones.status()).isEqualTo(200);
    assertThat(ids(drones.json())).containsExactly(good);
    assertThat(drones.json().get("skipped").asInt()).isEqualTo(3);
    assertThat(skipped("drone", "undecodable")).isEqualTo(undecodable + 2);
    assertThat(skipped("drone", "status_missing")).isEqualTo(statusMissing + 1);
    assertThat(Http.get(cluster.b().url() + "/drones/" + noStatus).status()).isEqualTo(404);
  }

  @Test
  void aBadZonesDocumentLeavesEveryZoneDependentEndpointAnswering() {
    zonesBefore = kv.get(KvKeys.ZONES_CONFIG).block();
    assertThat(zonesBefore).as("bootstrapped at start").isPresent();
    JsonNode valid = zonesBefore.get().value();
    String noZones =
        "{\"bounds\":"
            + valid.get("bounds")
            + ",\"rows\":2,\"cols\":2,\"zones\":[],\"adjacency\":{}}";
    record Bad(String json, String defect) {}
    for (Bad bad :
        List.of(
            new Bad(NOT_JSON, "undecodable"),
            new Bad("{\"rows\":\"two\"}", "undecodable"),
            new Bad(noZones, "no_zones"))) {
      JsonNode stored = Json.mapper().readTree(bad.json());
      kv.put(KvKeys.ZONES_CONFIG, stored).block();
      double before = skipped("zones", bad.defect());

      Http.Response zones = Http.get(cluster.a().url() + "/zones");
      assertThat(zones.status()).as(bad.json()).isEqualTo(200);
      assertThat(zones.json().get("zones").size()).isEqualTo(valid.get("zones").size());
      assertThat(skipped("zones", bad.defect())).isEqualTo(before + 1);
      assertThat(kv.get(KvKeys.ZONES_CONFIG).block().orElseThrow().value())
          .as("left for someone to repair")
          .isEqualTo(stored);
      assertThat(Http.get(cluster.a().url() + "/drones").status()).isEqualTo(200);
      Http.Response created =
          Http.postJson(cluster.a().url() + "/deliveries", Orders.random(new Random(3)), Map.of());
      assertThat(created.status()).isEqualTo(201);
      String id = created.json().get("id").asString();
      assertThat(Http.get(cluster.a().url() + "/deliveries/" + id).json().get("origin_zone"))
          .isNotNull();
    }
  }

  @Test
  void theOutboxSweepSkipsBadEntriesAndFinishesTheValidOnes() {
    Instant old = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
    // bad entries sort first (older), so the sweep has to go past them
    put(OutboxKeys.of(old, id("o-not-json")), NOT_JSON);
    put(OutboxKeys.of(old, id("o-wrong-shape")), "{\"id\":[\"x\"]}");
    put(OutboxKeys.of(old, id("o-no-id")), "{\"idempotency_key\":\"k\"}");
    put(OutboxKeys.PREFIX + "not-a-time:" + run, "{\"id\":\"" + id("o-malformed") + "\"}");
    String badDocument = id("o-bad-document");
    put(OutboxKeys.of(old, badDocument), "{\"id\":\"" + badDocument + "\"}");
    put(KvKeys.delivery(badDocument), "{\"id\":\"" + badDocument + "\"}");
    String badBinding = id("o-bad-binding");
    String key = id("key");
    storeDelivery(delivery(badBinding, old));
    put(
        OutboxKeys.of(old, badBinding),
        "{\"id\":\"" + badBinding + "\",\"idempotency_key\":\"" + key + "\"}");
    put(KvKeys.idempotency(key), NOT_JSON);
    double[] before = {
      skipped("outbox", "undecodable"),
      skipped("outbox", "id_missing"),
      skipped("outbox", "key_malformed"),
      skipped("delivery", "status_missing"),
      skipped("idempotency", "undecodable")
    };
    String good = id("o-good");
    Instant goodAt = old.plusSeconds(60);
    storeDelivery(delivery(good, goodAt));
    put(
        OutboxKeys.of(goodAt, good),
        Json.mapper().writeValueAsString(OutboxEntry.of(good, Optional.empty())));

    var records =
        TopicRecords.readUntil(
            cluster.kafka().bootstrapServers(),
            Topics.DELIVERIES_REQUESTED.name(),
            seen -> seen.stream().anyMatch(r -> r.key().equals(good)),
            Duration.ofSeconds(30));
    assertThat(records).anyMatch(r -> r.key().equals(good));
    assertThat(records).noneMatch(r -> r.key().equals(badDocument) || r.key().equals(badBinding));
    // a pass that finished the valid entry went past every bad one; the malformed key sorts last
    awaitTrue(
        () ->
            kv.get(OutboxKeys.of(goodAt, good)).block().isEmpty()
                && skipped("outbox", "undecodable") >= before[0] + 2
                && skipped("outbox", "id_missing") > before[1]
                && skipped("outbox", "key_malformed") > before[2]
                && skipped("delivery", "status_missing") > before[3]
                && skipped("idempotency", "undecodable") > before[4]);
    // skipped, not deleted: left for someone to look at
    assertThat(kv.get(OutboxKeys.of(old, badBinding)).block()).isPresent();
  }

  @Test
  void theIdempotencySweepSkipsBadBindingsAndDeletesTheExpiredOnes() {
    Instant past = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);
    String expired = KvKeys.idempotency(id("expired"));
    put(
        expired,
        Json.mapper()
            .writeValueAsString(
                new IdempotencyRecord(
                    id("delivery"),
                    "fp",
                    IdempotencyRecord.State.COMPLETED,
                    past,
                    past,
                    past.plus(Duration.ofDays(1)),
                    "gw-gone")));
    put(KvKeys.idempotency(id("not-json")), NOT_JSON);
    put(KvKeys.idempotency(id("wrong-shape")), "[\"" + id("delivery") + "\"]");
    String noFingerprint = KvKeys.idempotency(id("no-fingerprint"));
    put(noFingerprint, "{\"delivery_id\":\"" + id("delivery") + "\",\"state\":\"completed\"}");
    MeterRegistry metrics = cluster.a().context().getBean(MeterRegistry.class);
    double undecodable = count(metrics, "idempotency", "undecodable");
    double fingerprintMissing = count(metrics, "idempotency", "fingerprint_missing");

    int deleted = cluster.a().context().getBean(IdempotencySweeper.class).sweepOnce().block(WAIT);

    assertThat(deleted).isGreaterThanOrEqualTo(1);
    assertThat(kv.get(expired).block()).isEmpty();
    assertThat(kv.get(noFingerprint).block()).isPresent();
    // at least: the gateway's own maintenance may sweep at the same time
    assertThat(count(metrics, "idempotency", "undecodable"))
        .isGreaterThanOrEqualTo(undecodable + 2);
    assertThat(count(metrics, "idempotency", "fingerprint_missing"))
        .isGreaterThanOrEqualTo(fingerprintMissing + 1);
  }

  private String id(String what) {
    return "bd-" + run + "-" + what;
  }

  private void put(String key, String json) {
    written.add(key);
    kv.put(key, Json.mapper().readTree(json)).block();
  }

  private void index(Instant at, String id) {
    put(KvKeys.deliveryByTime(at, id), "\"" + id + "\"");
  }

  private void storeDelivery(DeliveryDocument d) {
    index(d.requestedAt(), d.id());
    put(KvKeys.delivery(d.id()), Json.mapper().writeValueAsString(d));
  }

  private static DeliveryDocument delivery(String id, Instant at) {
    return DeliveryDocument.pending(
        new DeliveryRequested(
            id,
            new GeoPoint(41.95, 12.40),
            new GeoPoint(41.82, 12.58),
            2.5,
            WeightClass.LIGHT,
            "zone 0",
            "zone 3",
            at));
  }

  private static List<String> ids(JsonNode listing) {
    List<String> ids = new ArrayList<>();
    listing.get("items").forEach(item -> ids.add(item.get("id").asString()));
    return ids;
  }

  /** The count on every gateway of the shared system (whichever one read or swept). */
  private static double skipped(String kind, String defect) {
    double sum = 0;
    for (GatewayCluster.Gateway g : cluster.gateways()) {
      sum += count(g.context().getBean(MeterRegistry.class), kind, defect);
    }
    return sum;
  }

  private static double count(MeterRegistry metrics, String kind, String defect) {
    Counter c = metrics.find(SkippedDocuments.METER).tags("kind", kind, "defect", defect).counter();
    return c == null ? 0 : c.count();
  }

  private static void publishStatus(String id, DeliveryStatus status) {
    DeliveryStatusChanged e =
        new DeliveryStatusChanged(
            id,
            status,
            "drone-7",
            status == DeliveryStatus.DELIVERED ? null : Leg.TO_ORIGIN,
            Instant.now(),
            Instant.now(),
            status.wireName(),
            null);
    Topic.send(
        cluster.kafka().bootstrapServers(),
        Topics.DELIVERIES_STATUS.name(),
        id,
        Json.mapper().writeValueAsString(e));
  }

  private static void awaitTrue(BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition within " + WAIT).isBefore(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
