package dev.dronedispatch.dispatch.topology;

import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.NEAR_DEST;
import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.ORIGIN;
import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.north;
import static dev.dronedispatch.model.fleet.DroneStatus.BUSY;
import static dev.dronedispatch.model.fleet.DroneStatus.CHARGING;
import static dev.dronedispatch.model.fleet.DroneStatus.IDLE;
import static dev.dronedispatch.model.geo.WeightClass.LIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.dronedispatch.dispatch.documents.SkippedDocuments;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One junk document written into the KV by anyone must not stop dispatch: the task's punctuations
 * skip it, count it in {@code dispatch.documents.skipped} and serve everything else. A punctuator
 * that threw would fail the TopologyTestDriver call, and with it these tests.
 */
class JunkDocumentsTopologyTest {

  private static void junk(DispatchDriver d, String key, String json) {
    DispatchDriver.await(d.kv.put(key, Json.mapper().readTree(json)));
  }

  private static String raw(DispatchDriver d, String key) {
    return DispatchDriver.await(d.kv.get(key)).orElseThrow().value().toString();
  }

  private static double skipped(DispatchDriver d, String kind) {
    return d.registry().find(SkippedDocuments.METER).tag("kind", kind).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void aRoundWithAJunkDroneAmongGoodOnesAssignsTheGoodDrones() {
    try (DispatchDriver d = new DispatchDriver(Map.of("NEW_ARRIVALS_BATCH_MS", "10"))) {
      d.idle("drone-0", LIGHT, north(ORIGIN, 0.1), 90); // the nearest: every pick tries it first
      d.idle("drone-1", LIGHT, north(ORIGIN, 0.5), 90);
      d.idle("drone-2", LIGHT, north(ORIGIN, 1.0), 90);
      junk(d, KvKeys.drone("drone-0"), "{\"junk\":true}");
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      d.request("del-2", ORIGIN, NEAR_DEST, 1.0);

      d.advance(Duration.ofMillis(10));

      assertThat(d.statusEvents())
          .extracting(DeliveryStatusChanged::deliveryId, DeliveryStatusChanged::droneId)
          .containsExactlyInAnyOrder(tuple("del-1", "drone-2"), tuple("del-2", "drone-1"));
      assertThat(d.droneDoc("drone-1").currentDelivery()).isEqualTo("del-2");
      assertThat(d.droneDoc("drone-2").currentDelivery()).isEqualTo("del-1");
      assertThat(raw(d, KvKeys.drone("drone-0"))).isEqualTo("{\"junk\":true}");
      assertThat(skipped(d, "drone")).isGreaterThanOrEqualTo(1);
      assertThat(
              d.registry()
                  .get(SkippedDocuments.METER)
                  .tag("kind", "drone")
                  .tag("defect", "id_missing")
                  .counter()
                  .count())
          .isEqualTo(skipped(d, "drone"));
    }
  }

  @Test
  void aRequestWhoseDeliveryDocumentIsJunkIsDroppedAndLaterRequestsAreAssigned() {
    try (DispatchDriver d = new DispatchDriver()) {
      d.idle("drone-1", LIGHT, north(ORIGIN, 1), 90);
      junk(d, KvKeys.delivery("bad"), "[1,2]"); // the gateway's create then finds the key taken
      d.request("bad", ORIGIN, NEAR_DEST, 1.0);

      assertThat(d.statusEvents()).isEmpty();
      assertThat(skipped(d, "delivery")).isEqualTo(1);

      d.request("good", ORIGIN, NEAR_DEST, 1.0);
      assertThat(d.statusEvents())
          .extracting(DeliveryStatusChanged::deliveryId, DeliveryStatusChanged::droneId)
          .containsExactly(tuple("good", "drone-1"));
      assertThat(raw(d, KvKeys.delivery("bad"))).isEqualTo("[1,2]");
      assertThat(
              d.registry()
                  .get(SkippedDocuments.METER)
                  .tag("kind", "delivery")
                  .tag("defect", "undecodable")
                  .counter()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void aQueuedDeliveryWhoseDocumentTurnsJunkLeavesTheQueueAndTheNextIsAssigned() {
    try (DispatchDriver d = new DispatchDriver()) {
      d.request("bad", ORIGIN, NEAR_DEST, 1.0); // no drone yet: both wait in the queue
      d.advance(Duration.ofSeconds(1));
      d.request("good", ORIGIN, NEAR_DEST, 1.0);
      junk(d, KvKeys.delivery("bad"), "{\"id\":\"bad\",\"status\":\"pending\"}");
      d.idle("drone-1", LIGHT, north(ORIGIN, 1), 90);

      d.tick(); // the older "bad" is tried first and dropped: the drone stays free
      d.tick();
      d.tick();

      assertThat(d.statusEvents())
          .extracting(DeliveryStatusChanged::deliveryId, DeliveryStatusChanged::droneId)
          .containsExactly(tuple("good", "drone-1"));
      assertThat(d.droneDoc("drone-1").currentDelivery()).isEqualTo("good");
      assertThat(skipped(d, "delivery")).as("read once, then out of the queue").isEqualTo(1);
      assertThat(
              d.registry()
                  .get(SkippedDocuments.METER)
                  .tag("kind", "delivery")
                  .tag("defect", "requested_at_missing")
                  .counter()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void progressOnADeliveryWhoseDocumentTurnedJunkIsDeclinedNotRetried() {
    try (DispatchDriver d = new DispatchDriver()) {
      d.idle("drone-1", LIGHT, north(ORIGIN, 1), 90);
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      assertThat(d.statusEvents()).hasSize(1);
      junk(d, KvKeys.delivery("del-1"), "\"overwritten\"");

      d.moveTo("drone-1", north(ORIGIN, 0.5), Leg.TO_ORIGIN);
      d.tick();
      d.moveTo("drone-1", north(ORIGIN, 0.4), Leg.TO_ORIGIN);
      d.tick();

      assertThat(d.statusEvents()).isEmpty();
      assertThat(raw(d, KvKeys.delivery("del-1"))).isEqualTo("\"overwritten\"");
      assertThat(skipped(d, "delivery")).as("tracking ended after one read").isEqualTo(1);
      assertThat(d.droneDoc("drone-1").status()).isEqualTo(BUSY);

      // the task goes on: another drone serves the next delivery
      d.idle("drone-2", LIGHT, north(ORIGIN, 2), 90);
      d.request("del-2", ORIGIN, NEAR_DEST, 1.0);
      assertThat(d.statusEvents())
          .extracting(DeliveryStatusChanged::deliveryId, DeliveryStatusChanged::status)
          .containsExactly(tuple("del-2", DeliveryStatus.ASSIGNED));
    }
  }

  @Test
  void governanceSkipsAJunkDroneAndGovernsTheOthers() {
    try (DispatchDriver d = new DispatchDriver()) {
      d.idle("drone-1", LIGHT, north(ORIGIN, 0.1), 25);
      d.idle("drone-2", LIGHT, north(ORIGIN, 0.2), 25);
      junk(d, KvKeys.drone("drone-1"), "{\"id\":\"drone-1\",\"status\":\"idle\"}");

      d.tick();

      assertThat(d.droneDoc("drone-2").status()).isEqualTo(CHARGING);
      assertThat(d.fleetEvents())
          .containsExactly(
              new FleetEvent("drone-2", IDLE, CHARGING, "charge:battery_critical", d.now()));
      assertThat(raw(d, KvKeys.drone("drone-1")))
          .isEqualTo("{\"id\":\"drone-1\",\"status\":\"idle\"}");
      assertThat(
              d.registry()
                  .get(SkippedDocuments.METER)
                  .tag("kind", "drone")
                  .tag("defect", "type_missing")
                  .counter()
                  .count())
          .isEqualTo(1);
    }
  }
}
