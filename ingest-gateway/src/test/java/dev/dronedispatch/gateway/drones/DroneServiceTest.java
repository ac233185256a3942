package dev.dronedispatch.gateway.drones;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.documents.DroneDefect;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The drone listing on the in-memory KV, with documents that are not valid drones among them. */
class DroneServiceTest {

  private final InMemoryKvClient kv = new InMemoryKvClient();
  private final KvDocuments docs = new KvDocuments(kv, Json.mapper());
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final SkippedDocuments skipped = new SkippedDocuments(metrics);
  private final DroneService drones =
      new DroneService(docs, new ZonesService(docs, 2, 2, skipped), skipped);

  private void store(String key, String json) {
    kv.put(key, Json.mapper().readTree(json)).block();
  }

  private void register(String id, WeightClass type, GeoPoint pos) {
    docs.create(
            "drone:" + id, DroneDocument.registered(id, type, pos, 60).withStatus(DroneStatus.IDLE))
        .block();
  }

  private double skipped(DroneDefect defect) {
    return metrics
        .counter(SkippedDocuments.METER, "kind", "drone", "defect", defect.wireName())
        .count();
  }

  @Test
  void invalidDocumentsAreSkippedAndCountedNotListed() {
    register("drone-10", WeightClass.HEAVY, new GeoPoint(41.85, 12.55));
    register("drone-2", WeightClass.LIGHT, new GeoPoint(41.95, 12.40));
    String pos = "\"pos\":{\"lat\":41.9,\"lon\":12.45}";
    store("drone:ghost", "{\"type\":\"light\",\"status\":\"idle\"," + pos + "}");
    store("drone:copy", "{\"id\":\"drone-2\",\"type\":\"light\",\"status\":\"idle\"," + pos + "}");
    store("drone:drone-3", "{\"id\":\"drone-3\",\"status\":\"idle\"," + pos + "}");
    store(
        "drone:drone-4",
        "{\"id\":\"drone-4\",\"type\":\"light\",\"status\":\"exploded\"," + pos + "}");
    store("drone:drone-5", "{\"id\":\"drone-5\",\"type\":\"light\"," + pos + "}");
    store("drone:drone-6", "{\"id\":\"drone-6\",\"type\":\"medium\",\"status\":\"busy\"}");
    store(
        "drone:drone-7",
        "{\"id\":\"drone-7\",\"type\":\"heavy\",\"status\":\"idle\",\"pos\":{\"lat\":0,\"lon\":0}}");
    store(
        "drone:drone-8",
        "{\"id\":\"drone-8\",\"type\":\"heavy\",\"status\":\"idle\","
            + "\"pos\":{\"lat\":\"NaN\",\"lon\":12.45}}");
    store("drone:drone-9", "\"not a document\"");

    DroneService.Listing listing = drones.list().block();

    assertThat(listing.items())
        .extracting(n -> n.get("id").asString())
        .containsExactly("drone-2", "drone-10");
    assertThat(listing.items()).extracting(n -> n.get("zone").asString()).doesNotContainNull();
    assertThat(listing.skipped()).isEqualTo(9);
    assertThat(skipped(DroneDefect.ID_MISSING)).isEqualTo(1);
    assertThat(skipped(DroneDefect.ID_NOT_THE_KEY)).isEqualTo(1);
    assertThat(skipped(DroneDefect.TYPE_MISSING)).isEqualTo(1);
    assertThat(skipped(DroneDefect.STATUS_MISSING)).isEqualTo(1);
    assertThat(skipped(DroneDefect.POSITION_MISSING)).isEqualTo(1);
    assertThat(skipped(DroneDefect.POSITION_OUTSIDE_AREA)).isEqualTo(1);
    // an unknown status, a NaN coordinate, not an object
    assertThat(skipped(DroneDefect.UNDECODABLE)).isEqualTo(3);
  }

  @Test
  void aLostDroneIsListedAndServedWithItsStatus() {
    register("drone-1", WeightClass.MEDIUM, new GeoPoint(41.95, 12.40));
    docs.create(
            "drone:drone-2",
            DroneDocument.registered("drone-2", WeightClass.LIGHT, new GeoPoint(41.85, 12.55), 60)
                .withStatus(DroneStatus.LOST))
        .block();

    DroneService.Listing listing = drones.list().block();
    assertThat(listing.items())
        .extracting(n -> n.get("id").asString() + ":" + n.get("status").asString())
        .containsExactly("drone-1:idle", "drone-2:lost");
    assertThat(listing.skipped()).isZero();
    assertThat(drones.get("drone-2").block().orElseThrow().get("status").asString())
        .isEqualTo("lost");
  }

  @Test
  void oneInvalidDroneIsNotFoundAndAValidOneHasItsZone() {
    register("drone-1", WeightClass.MEDIUM, new GeoPoint(41.95, 12.40));
    store("drone:drone-3", "{\"id\":\"drone-3\",\"status\":\"idle\"}");

    ObjectNode found = drones.get("drone-1").block().orElseThrow();
    assertThat(found.get("zone").asString()).isEqualTo("zone 0");
    assertThat(drones.get("drone-3").block()).isEmpty();
    assertThat(drones.get("drone-99").block()).isEmpty();
    assertThat(skipped(DroneDefect.TYPE_MISSING)).isEqualTo(1);
  }
}
