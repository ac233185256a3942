package dev.dronedispatch.dispatch.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.documents.SkippedDocuments;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AssignmentCommitterTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final GeoPoint P = new GeoPoint(41.9, 12.5);

  private final InMemoryKvClient memory = new InMemoryKvClient();
  private final InterceptingKv kv = new InterceptingKv(memory);
  private final KvDocuments docs = new KvDocuments(memory, Json.mapper());
  private final AssignmentCommitter committer = committerOver(kv);

  /**
   * A committer over {@code client} as the service builds one: the drones its KV answers show are
   * remembered, and claimed at those versions in a round's first request.
   */
  static AssignmentCommitter committerOver(KvClient client) {
    KnownDrones known = new KnownDrones(client);
    return new AssignmentCommitter(
        new BlockingKv(
            known, Duration.ofSeconds(2), new SkippedDocuments(new SimpleMeterRegistry())),
        known,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static void delivery(KvDocuments docs, String id) {
    docs.create(
            KvKeys.delivery(id),
            DeliveryDocument.pending(
                new DeliveryRequested(id, P, P, 1, WeightClass.LIGHT, null, null, NOW)))
        .block();
  }

  static void drone(KvDocuments docs, String id, DroneStatus status, String delivery) {
    docs.create(
            KvKeys.drone(id),
            DroneDocument.registered(id, WeightClass.LIGHT, P, 50)
                .withControl(status, delivery, 0, List.of()))
        .block();
  }

  static DroneDocument droneDoc(KvDocuments docs, String id) {
    return docs.read(KvKeys.drone(id), DroneDocument.class).block().orElseThrow().value();
  }

  static DeliveryDocument deliveryDoc(KvDocuments docs, String id) {
    return docs.read(KvKeys.delivery(id), DeliveryDocument.class)
        .block()
        .map(Versioned::value)
        .orElseThrow();
  }

  /** The simulator's position merge: the drone moved to (41.95, 12.5), its version with it. */
  private void mergeMovedPosition(String droneId) {
    docs.update(
            KvKeys.drone(droneId),
            DroneDocument.class,
            d -> d.map(x -> x.withPhysics(new GeoPoint(41.95, 12.5), 80, false)),
            3,
            java.util.Optional.empty())
        .block();
  }

  /** Runs {@code hook} once, just before the first batch that writes {@code keyPrefix} keys. */
  private void beforeWritesTo(String keyPrefix, Runnable hook) {
    AtomicBoolean done = new AtomicBoolean();
    Consumer<List<KvOp>> once =
        ops -> {
          boolean writes =
              ops.stream()
                  .anyMatch(o -> o instanceof KvOp.CompareAndSet && o.key().startsWith(keyPrefix));
          if (writes && done.compareAndSet(false, true)) {
            hook.run();
          }
        };
    kv.beforeBatch(once);
  }

  @Test
  void bothWritesApplyInThreeRoundTrips() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);

    CommitResult r = committer.commit("d1", "x1");

    assertThat(r).isInstanceOf(CommitResult.Committed.class);
    assertThat(deliveryDoc(docs, "d1").status()).isEqualTo(DeliveryStatus.ASSIGNED);
    assertThat(deliveryDoc(docs, "d1").droneId()).isEqualTo("x1");
    assertThat(deliveryDoc(docs, "d1").assignedAt()).isEqualTo(NOW);
    assertThat(droneDoc(docs, "x1").currentDelivery()).isEqualTo("d1");
    assertThat(kv.batches.get()).as("read, claim, assign").isEqualTo(3);
  }

  @Test
  void aRoundOfManyPairsTakesTheSameThreeRoundTrips() {
    List<Pairing> pairs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      delivery(docs, "d" + i);
      drone(docs, "x" + i, DroneStatus.IDLE, null);
      pairs.add(new Pairing("d" + i, "x" + i));
    }

    List<CommitResult> results = committer.commitAll(pairs);

    assertThat(results).hasSize(50).allMatch(r -> r instanceof CommitResult.Committed);
    assertThat(kv.batches.get()).isEqualTo(3);
    assertThat(committer.claimsOnMovedVersion()).isZero();
  }

  /**
   * An earlier round of this committer read {@code deliveryId} pending and {@code droneId} idle.
   */
  private void anEarlierRoundRead(String deliveryId, String droneId) {
    committer.commitAll(List.of(new Pairing("gone", droneId)), List.of(deliveryId));
  }

  @Test
  void aDroneAnEarlierRoundReadIdleIsClaimedWithTheDeliveryReadInTwoRoundTrips() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    anEarlierRoundRead("d1", "x1");
    int before = kv.batches.get();

    CommitResult r = committer.commit("d1", "x1");

    assertThat(r).isInstanceOf(CommitResult.Committed.class);
    assertThat(kv.batches.get() - before).as("read with claim, assign").isEqualTo(2);
    assertThat(droneDoc(docs, "x1").currentDelivery()).isEqualTo("d1");
    assertThat(deliveryDoc(docs, "d1").droneId()).isEqualTo("x1");
    assertThat(committer.claimsAtKnownVersion()).isEqualTo(1);
  }

  @Test
  void aDroneIsNotClaimedWithTheReadOfADeliveryNotReadPendingBefore() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    drone(docs, "x2", DroneStatus.IDLE, null);
    committer.commit("gone", "x1"); // x1 remembered idle, d1 never read
    committerOver(memory).commit("d1", "x2");
    int before = kv.batches.get();

    // a replayed request: d1 is held already, and x1 must never look busy with it
    CommitResult r = committer.commit("d1", "x1");

    assertThat(r).isInstanceOf(CommitResult.AlreadyAssigned.class);
    assertThat(committer.claimsAtKnownVersion()).isZero();
    assertThat(kv.batches.get() - before).as("read, the holder's read").isEqualTo(2);
    assertThat(droneDoc(docs, "x1").status()).isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void aTaskStartingForgetsTheDeliveriesReadPending() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    anEarlierRoundRead("d1", "x1");

    committer.forgetReadPending();

    assertThat(committer.commit("d1", "x1")).isInstanceOf(CommitResult.Committed.class);
    assertThat(committer.claimsAtKnownVersion()).isZero();
  }

  @Test
  void aRememberedVersionGoneStaleIsClaimedAgainAtTheCurrentOne() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    anEarlierRoundRead("d1", "x1");
    mergeMovedPosition("x1"); // after the round that read it
    int before = kv.batches.get();

    assertThat(committer.commit("d1", "x1")).isInstanceOf(CommitResult.Committed.class);
    assertThat(kv.batches.get() - before).as("read with claim, claim, assign").isEqualTo(3);
    assertThat(droneDoc(docs, "x1").pos()).isEqualTo(new GeoPoint(41.95, 12.5));
    assertThat(committer.claimsOnMovedVersion()).isEqualTo(1);
  }

  @Test
  void aRememberedIdleDroneTakenMeanwhileIsReportedTakenInOneRoundTrip() {
    delivery(docs, "d1");
    delivery(docs, "d2");
    drone(docs, "x1", DroneStatus.IDLE, null);
    anEarlierRoundRead("d1", "x1");
    assertThat(committerOver(memory).commit("d2", "x1")).isInstanceOf(CommitResult.Committed.class);
    int before = kv.batches.get();

    CommitResult r = committer.commit("d1", "x1");

    assertThat(r).isInstanceOf(CommitResult.DroneTaken.class);
    assertThat(((CommitResult.DroneTaken) r).current().orElseThrow().currentDelivery())
        .isEqualTo("d2");
    assertThat(kv.batches.get() - before).isEqualTo(1);
    assertThat(deliveryDoc(docs, "d1").status()).isEqualTo(DeliveryStatus.PENDING);
  }

  @Test
  void aDroneClaimedWithTheReadOfADeliveryAssignedElsewhereSinceIsReleased() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    drone(docs, "x2", DroneStatus.IDLE, null);
    anEarlierRoundRead("d1", "x1");
    committerOver(memory).commit("d1", "x2"); // another instance, after a rebalance

    CommitResult r = committer.commit("d1", "x1");

    assertThat(r).isInstanceOf(CommitResult.AlreadyAssigned.class);
    assertThat(committer.claimsAtKnownVersion()).isEqualTo(1);
    assertThat(droneDoc(docs, "x1").status()).isEqualTo(DroneStatus.IDLE);
    assertThat(droneDoc(docs, "x1").currentDelivery()).isNull();
    assertThat(deliveryDoc(docs, "d1").droneId()).isEqualTo("x2");
    assertThat(droneDoc(docs, "x2").currentDelivery()).isEqualTo("d1");
  }

  @Test
  void aDroneClaimedWithTheReadOfADeliveryDeletedSinceIsReleased() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    anEarlierRoundRead("d1", "x1");
    memory.delete(KvKeys.delivery("d1")).block();

    assertThat(committer.commit("d1", "x1")).isEqualTo(new CommitResult.DeliveryMissing());

    assertThat(committer.claimsAtKnownVersion()).isEqualTo(1);
    assertThat(droneDoc(docs, "x1").status()).isEqualTo(DroneStatus.IDLE);
    assertThat(droneDoc(docs, "x1").currentDelivery()).isNull();
  }

  @Test
  void aDroneNoLongerIdleIsReportedTakenAndNothingIsWritten() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.BUSY, "other");

    CommitResult r = committer.commit("d1", "x1");

    assertThat(r).isInstanceOf(CommitResult.DroneTaken.class);
    assertThat(((CommitResult.DroneTaken) r).current().orElseThrow().currentDelivery())
        .isEqualTo("other");
    assertThat(deliveryDoc(docs, "d1").status()).isEqualTo(DeliveryStatus.PENDING);
  }

  @Test
  void aDroneWhoseVersionMovedWhileItStayedIdleIsClaimedAgain() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    // the simulator merges a new position between the read and the claim
    beforeWritesTo("drone:", () -> mergeMovedPosition("x1"));

    assertThat(committer.commit("d1", "x1")).isInstanceOf(CommitResult.Committed.class);
    assertThat(droneDoc(docs, "x1").pos()).isEqualTo(new GeoPoint(41.95, 12.5));
    assertThat(committer.claimsOnMovedVersion()).isEqualTo(1);
  }

  @Test
  void twoRoundsRacingForOneDroneCommitOnlyOne() {
    delivery(docs, "d1");
    delivery(docs, "d2");
    drone(docs, "x1", DroneStatus.IDLE, null);
    AssignmentCommitter rival = committerOver(memory);
    List<CommitResult> rivals = new ArrayList<>();
    beforeWritesTo("drone:", () -> rivals.add(rival.commit("d2", "x1")));

    CommitResult mine = committer.commit("d1", "x1");

    assertThat(rivals).singleElement().isInstanceOf(CommitResult.Committed.class);
    assertThat(mine).isInstanceOf(CommitResult.DroneTaken.class);
    assertThat(deliveryDoc(docs, "d1").status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(droneDoc(docs, "x1").currentDelivery()).isEqualTo("d2");
  }

  @Test
  void twoRoundsRacingForOneDeliveryCommitOnlyOneAndTheLoserReleasesItsDrone() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    drone(docs, "x2", DroneStatus.IDLE, null);
    AssignmentCommitter rival = committerOver(memory);
    List<CommitResult> rivals = new ArrayList<>();
    beforeWritesTo("delivery:", () -> rivals.add(rival.commit("d1", "x2")));

    CommitResult mine = committer.commit("d1", "x1");

    assertThat(rivals).singleElement().isInstanceOf(CommitResult.Committed.class);
    assertThat(mine).isEqualTo(new CommitResult.RolledBack("Compared", true));
    assertThat(deliveryDoc(docs, "d1").droneId()).isEqualTo("x2");
    assertThat(droneDoc(docs, "x1").status()).isEqualTo(DroneStatus.IDLE);
    assertThat(droneDoc(docs, "x1").currentDelivery()).isNull();
  }

  @Test
  void aRetryThatFindsTheDeliveryAssignedToItsDroneIsIdempotent() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    committer.commit("d1", "x1");

    assertThat(committer.commit("d1", "x1")).isInstanceOf(CommitResult.AlreadyAssigned.class);
    assertThat(committer.commit("d1", "x9")).isInstanceOf(CommitResult.AlreadyAssigned.class);
  }

  @Test
  void aMissingDeliveryIsReported() {
    drone(docs, "x1", DroneStatus.IDLE, null);
    assertThat(committer.commit("nope", "x1")).isInstanceOf(CommitResult.DeliveryMissing.class);
    assertThat(droneDoc(docs, "x1").status()).isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void aPrecheckOfManyDeliveriesSettlesThePastPendingOnesInTwoRoundTrips() {
    delivery(docs, "pending");
    delivery(docs, "held");
    drone(docs, "x1", DroneStatus.IDLE, null);
    committer.commit("held", "x1");
    delivery(docs, "released");
    drone(docs, "x2", DroneStatus.IDLE, null);
    committer.commit("released", "x2");
    docs.update(
            KvKeys.drone("x2"),
            DroneDocument.class,
            d -> d.map(x -> x.withControl(DroneStatus.IDLE, null, 0, List.of())),
            3)
        .block();
    int before = kv.batches.get();

    var settled = committer.precheckAll(List.of("pending", "held", "released", "gone"));

    assertThat(kv.batches.get() - before).isEqualTo(2); // the deliveries, then their drones
    assertThat(settled).doesNotContainKey("pending");
    assertThat(settled.get("held")).isInstanceOf(CommitResult.AlreadyAssigned.class);
    assertThat(settled.get("released")).isInstanceOf(CommitResult.NotPending.class);
    assertThat(settled.get("gone")).isInstanceOf(CommitResult.DeliveryMissing.class);
  }

  @Test
  void aRoundChecksTheUnpairedDeliveriesInTheReadOfItsPairs() {
    delivery(docs, "paired");
    drone(docs, "x1", DroneStatus.IDLE, null);
    delivery(docs, "waiting");
    delivery(docs, "held");
    drone(docs, "x2", DroneStatus.IDLE, null);
    committer.commit("held", "x2");
    int before = kv.batches.get();

    RoundOutcome outcome =
        committer.commitAll(
            List.of(new Pairing("paired", "x1")), List.of("waiting", "held", "gone"));

    // the read (pairs, checked deliveries), the holders, the claim, the assignment
    assertThat(kv.batches.get() - before).isEqualTo(4);
    assertThat(outcome.paired()).singleElement().isInstanceOf(CommitResult.Committed.class);
    assertThat(outcome.checked()).doesNotContainKey("waiting");
    assertThat(outcome.checked().get("held")).isInstanceOf(CommitResult.AlreadyAssigned.class);
    assertThat(outcome.checked().get("gone")).isInstanceOf(CommitResult.DeliveryMissing.class);
    assertThat(deliveryDoc(docs, "waiting").status()).isEqualTo(DeliveryStatus.PENDING);
  }

  @Test
  void aRoundWhoseCheckedDeliveriesArePendingTakesNoExtraRoundTrip() {
    delivery(docs, "paired");
    drone(docs, "x1", DroneStatus.IDLE, null);
    delivery(docs, "waiting");
    int before = kv.batches.get();

    RoundOutcome outcome =
        committer.commitAll(List.of(new Pairing("paired", "x1")), List.of("waiting"));

    assertThat(kv.batches.get() - before).isEqualTo(3); // read, claim, assign
    assertThat(outcome.checked()).isEmpty();
  }

  @Test
  void aPrecheckOfPendingDeliveriesOnlyTakesOneRoundTrip() {
    delivery(docs, "d1");
    delivery(docs, "d2");
    int before = kv.batches.get();
    assertThat(committer.precheckAll(List.of("d1", "d2"))).isEmpty();
    assertThat(kv.batches.get() - before).isEqualTo(1);
  }
}
