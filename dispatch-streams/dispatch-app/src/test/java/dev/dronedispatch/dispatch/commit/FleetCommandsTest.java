package dev.dronedispatch.dispatch.commit;

import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.NOW;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.delivery;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.deliveryDoc;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.drone;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.droneDoc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.documents.SkippedDocuments;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FleetCommandsTest {

  private final InMemoryKvClient memory = new InMemoryKvClient();
  private final InterceptingKv kv = new InterceptingKv(memory);
  private final KvDocuments docs = new KvDocuments(memory, Json.mapper());
  private final FleetCommands commands =
      new FleetCommands(
          new BlockingKv(
              kv, Duration.ofSeconds(2), new SkippedDocuments(new SimpleMeterRegistry())));

  @Test
  void manyTransitionsAreWrittenInTwoRoundTripsAndAStaleOneIsDeclined() {
    List<FleetTransition> activate = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      drone(docs, "x" + i, DroneStatus.INACTIVE, null);
      activate.add(
          new FleetTransition(
              "x" + i, DroneStatus.INACTIVE, DroneStatus.IDLE, FleetTransition.AUTOSCALE_ACTIVATE));
    }
    drone(docs, "busy", DroneStatus.BUSY, "d1");
    activate.add(
        new FleetTransition(
            "busy", DroneStatus.INACTIVE, DroneStatus.IDLE, FleetTransition.AUTOSCALE_ACTIVATE));
    int before = kv.batches.get();

    List<FleetCommands.Outcome> outcomes = commands.applyAll(activate);

    assertThat(kv.batches.get() - before).isEqualTo(2); // one read, one compare-and-set
    assertThat(outcomes.subList(0, 50)).allMatch(FleetCommands.Outcome::applied);
    assertThat(droneDoc(docs, "x7").status()).isEqualTo(DroneStatus.IDLE);
    FleetCommands.Outcome stale = outcomes.get(50);
    assertThat(stale.applied()).isFalse();
    assertThat(stale.current().orElseThrow().status()).isEqualTo(DroneStatus.BUSY);
  }

  @Test
  void aDroneChangedByAnotherWriterBetweenReadAndWriteIsWrittenAgainFromItsNewVersion() {
    drone(docs, "x1", DroneStatus.INACTIVE, null);
    AtomicBoolean moved = new AtomicBoolean();
    kv.beforeBatch(
        ops -> {
          if (ops.get(0) instanceof KvOp.CompareAndSet && moved.compareAndSet(false, true)) {
            // the simulator's position merge lands first
            docs.update(
                    KvKeys.drone("x1"),
                    DroneDocument.class,
                    d -> d.map(x -> x.withControl(x.status(), null, 0, List.of())),
                    3)
                .block();
          }
        });

    FleetCommands.Outcome o =
        commands
            .applyAll(
                List.of(
                    new FleetTransition(
                        "x1",
                        DroneStatus.INACTIVE,
                        DroneStatus.IDLE,
                        FleetTransition.AUTOSCALE_ACTIVATE)))
            .get(0);

    assertThat(o.applied()).isTrue();
    assertThat(droneDoc(docs, "x1").status()).isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void reconcileOfManyDronesFreesOnlyThoseWhoseDeliveryIsNotTheirsInAFewRoundTrips() {
    delivery(docs, "held");
    drone(docs, "ok", DroneStatus.IDLE, null);
    AssignmentCommitterTest.committerOver(memory).commit("held", "ok");
    delivery(docs, "done");
    docs.update(
            KvKeys.delivery("done"),
            DeliveryDocument.class,
            d -> d.map(x -> x.assigned("late", NOW).delivered(NOW)),
            3)
        .block();
    drone(docs, "late", DroneStatus.BUSY, "done");
    delivery(docs, "stuck"); // a claim whose assignment never landed
    drone(docs, "claimed", DroneStatus.BUSY, "stuck");
    drone(docs, "orphan", DroneStatus.BUSY, "gone");
    int before = kv.batches.get();

    Map<String, FleetCommands.ReconcileOutcome> out =
        commands.reconcileAll(List.of("ok", "late", "claimed", "orphan", "absent"));

    // drones, deliveries, the guard rewrite of the pending one, the releases
    assertThat(kv.batches.get() - before).isEqualTo(4);
    assertThat(out.keySet()).containsExactly("ok", "late", "claimed", "orphan", "absent");
    assertThat(out.get("ok").freedBecause()).isEmpty();
    assertThat(out.get("late").freedBecause()).contains("reconcile:delivered");
    assertThat(out.get("claimed").freedBecause()).contains("reconcile:not_theirs");
    assertThat(out.get("orphan").freedBecause()).contains("reconcile:missing");
    assertThat(out.get("absent").freedBecause()).isEmpty();
    assertThat(droneDoc(docs, "ok").currentDelivery()).isEqualTo("held");
    assertThat(droneDoc(docs, "late").status()).isEqualTo(DroneStatus.IDLE);
    assertThat(droneDoc(docs, "claimed").status()).isEqualTo(DroneStatus.IDLE);
    assertThat(deliveryDoc(docs, "stuck").status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(droneDoc(docs, "orphan").status()).isEqualTo(DroneStatus.IDLE);
  }
}
