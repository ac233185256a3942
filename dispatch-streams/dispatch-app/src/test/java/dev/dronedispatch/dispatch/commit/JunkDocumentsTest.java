package dev.dronedispatch.dispatch.commit;

import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.NOW;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.delivery;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.deliveryDoc;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.drone;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.droneDoc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.documents.SkippedDocuments;
import dev.dronedispatch.dispatch.fleet.FeasibilityBook;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Documents that are not what their key promises, written into the KV by anyone: the commit and the
 * fleet commands skip them, count them and never throw, and act on the valid ones as usual.
 */
class JunkDocumentsTest {

  private final InMemoryKvClient memory = new InMemoryKvClient();
  private final KvDocuments docs = new KvDocuments(memory, Json.mapper());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final KnownDrones known = new KnownDrones(memory);
  private final BlockingKv kv =
      new BlockingKv(known, Duration.ofSeconds(2), new SkippedDocuments(registry));
  private final AssignmentCommitter committer =
      new AssignmentCommitter(kv, known, Clock.fixed(NOW, ZoneOffset.UTC));
  private final FleetCommands commands = new FleetCommands(kv);

  private void junk(String key, String json) {
    memory.put(key, Json.mapper().readTree(json)).block();
  }

  private JsonNode raw(String key) {
    return memory.get(key).block().orElseThrow().value();
  }

  private double skipped(String kind) {
    return registry.find(SkippedDocuments.METER).tag("kind", kind).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void aRoundWithAJunkDroneAndAJunkDeliveryCommitsTheGoodPairs() {
    delivery(docs, "d1");
    delivery(docs, "d2");
    delivery(docs, "d3");
    junk(KvKeys.delivery("d3"), "[1,2]");
    drone(docs, "x1", DroneStatus.IDLE, null);
    drone(docs, "x2", DroneStatus.IDLE, null);
    drone(docs, "x3", DroneStatus.IDLE, null);
    junk(KvKeys.drone("x2"), "{\"junk\":true}");

    List<CommitResult> results =
        committer.commitAll(
            List.of(new Pairing("d1", "x1"), new Pairing("d2", "x2"), new Pairing("d3", "x3")));

    assertThat(results.get(0)).isInstanceOf(CommitResult.Committed.class);
    assertThat(results.get(1)).isEqualTo(new CommitResult.DroneTaken(Optional.empty()));
    assertThat(results.get(2)).isEqualTo(new CommitResult.DeliveryInvalid());
    assertThat(deliveryDoc(docs, "d1").droneId()).isEqualTo("x1");
    assertThat(deliveryDoc(docs, "d2").status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(droneDoc(docs, "x3").status()).as("never claimed").isEqualTo(DroneStatus.IDLE);
    assertThat(raw(KvKeys.drone("x2")).toString()).isEqualTo("{\"junk\":true}");
    assertThat(raw(KvKeys.delivery("d3")).toString()).isEqualTo("[1,2]");
    assertThat(skipped("drone")).isEqualTo(1);
    assertThat(skipped("delivery")).isEqualTo(1);

    // the pair that lost its drone gets another one
    assertThat(committer.commit("d2", "x3")).isInstanceOf(CommitResult.Committed.class);
  }

  @Test
  void theDeliveryOfAJunkDocumentIsSettledByThePrecheck() {
    delivery(docs, "d1");
    junk(KvKeys.delivery("bad"), "\"a string\"");

    Map<String, CommitResult> settled = committer.precheckAll(List.of("bad", "d1", "gone"));

    assertThat(settled)
        .containsEntry("bad", new CommitResult.DeliveryInvalid())
        .containsEntry("gone", new CommitResult.DeliveryMissing())
        .doesNotContainKey("d1");
    assertThat(committer.readDelivery("bad")).isEmpty();
    assertThat(committer.readDeliveries(List.of("bad", "d1")))
        .containsEntry("bad", Optional.empty())
        .hasEntrySatisfying("d1", d -> assertThat(d).isPresent());
  }

  @Test
  void aProgressUpdateAgainstAJunkDeliveryIsDeclinedAndNothingIsWritten() {
    delivery(docs, "d1");
    junk(KvKeys.delivery("bad"), "{\"id\":\"bad\"}");

    Map<String, UpdateOutcome<dev.dronedispatch.model.delivery.DeliveryDocument>> out =
        committer.updateDeliveries(
            Map.of(
                "bad", d -> d.map(x -> x.assigned("x1", NOW)),
                "d1", d -> d.map(x -> x.assigned("x1", NOW))),
            Map.of());

    assertThat(out.get("bad")).isEqualTo(new UpdateOutcome.Declined<>(Optional.empty()));
    assertThat(out.get("d1").updated()).isTrue();
    assertThat(raw(KvKeys.delivery("bad")).toString()).isEqualTo("{\"id\":\"bad\"}");
    assertThat(skipped("delivery")).isEqualTo(1);
  }

  @Test
  void transitionsOfJunkDronesAreDeclinedAsSettledAndTheOthersApplied() {
    drone(docs, "x1", DroneStatus.INACTIVE, null);
    junk(KvKeys.drone("x2"), "[]");

    List<FleetCommands.Outcome> outcomes =
        commands.applyAll(
            List.of(
                new FleetTransition(
                    "x1",
                    DroneStatus.INACTIVE,
                    DroneStatus.IDLE,
                    FleetTransition.AUTOSCALE_ACTIVATE),
                new FleetTransition(
                    "x2",
                    DroneStatus.INACTIVE,
                    DroneStatus.IDLE,
                    FleetTransition.AUTOSCALE_ACTIVATE)));
    FleetCommands.Outcome single =
        commands
            .recordSightings(
                Map.of("x2", List.of(new FeasibilityBook.Sighting("d1", false))),
                new FeasibilityBook(3))
            .get("x2")
            .write();

    assertThat(outcomes.get(0).applied()).isTrue();
    assertThat(outcomes.get(1)).isEqualTo(new FleetCommands.Outcome(false, Optional.empty(), true));
    assertThat(single).isEqualTo(new FleetCommands.Outcome(false, Optional.empty(), true));
    assertThat(commands.read("x2")).isEmpty();
    assertThat(raw(KvKeys.drone("x2")).toString()).isEqualTo("[]");
    assertThat(skipped("drone")).isEqualTo(3);
  }

  @Test
  void releaseOfAJunkDroneIsSettledSoItIsNotRetriedForever() {
    drone(docs, "x1", DroneStatus.BUSY, "d1");
    junk(KvKeys.drone("x2"), "{\"id\":\"x2\",\"status\":\"busy\"}");

    Map<String, FleetCommands.Outcome> out = commands.releaseAll(Map.of("x1", "d1", "x2", "d2"));

    assertThat(out.get("x1").applied()).isTrue();
    assertThat(out.get("x2")).isEqualTo(new FleetCommands.Outcome(false, Optional.empty(), true));
  }

  @Test
  void reconcileLeavesAloneWhatItCannotRead() {
    // x1 is busy with a delivery whose document is junk: freeing it would guess
    drone(docs, "x1", DroneStatus.BUSY, "d1");
    junk(KvKeys.delivery("d1"), "{\"junk\":true}");
    // x2's own document is junk
    junk(KvKeys.drone("x2"), "{\"junk\":true}");
    // x3 is busy with a delivery that does not exist: freed as before
    drone(docs, "x3", DroneStatus.BUSY, "ghost");

    Map<String, FleetCommands.ReconcileOutcome> out =
        commands.reconcileAll(List.of("x1", "x2", "x3"));

    assertThat(out.get("x1").freedBecause()).isEmpty();
    assertThat(out.get("x2").freedBecause()).isEmpty();
    assertThat(out.get("x3").freedBecause()).contains("reconcile:missing");
    assertThat(droneDoc(docs, "x1").status()).isEqualTo(DroneStatus.BUSY);
    assertThat(droneDoc(docs, "x3").status()).isEqualTo(DroneStatus.IDLE);
    assertThat(skipped("drone")).isEqualTo(1);
    assertThat(skipped("delivery")).isEqualTo(1);
  }

  @Test
  void aDroneThatTurnsJunkDuringAClaimRetryIsNotClaimed() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    // the claim's compare-and-set is refused with a junk document: as a taken drone
    InterceptingKv intercepting = new InterceptingKv(memory);
    KnownDrones racingKnows = new KnownDrones(intercepting);
    AssignmentCommitter racing =
        new AssignmentCommitter(
            new BlockingKv(racingKnows, Duration.ofSeconds(2), new SkippedDocuments(registry)),
            racingKnows,
            Clock.fixed(NOW, ZoneOffset.UTC));
    intercepting.beforeBatch(
        ops -> {
          if (ops.stream()
              .anyMatch(o -> o instanceof KvOp.CompareAndSet && o.key().startsWith("drone:"))) {
            junk(KvKeys.drone("x1"), "{\"junk\":true}");
          }
        });

    CommitResult r = racing.commit("d1", "x1");

    assertThat(r).isEqualTo(new CommitResult.DroneTaken(Optional.empty()));
    assertThat(deliveryDoc(docs, "d1").status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(skipped("drone")).isEqualTo(1);
  }
}
