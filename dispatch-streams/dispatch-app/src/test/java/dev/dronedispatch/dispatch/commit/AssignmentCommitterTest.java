package dev.dronedispatch.dispatch.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.LockResult;
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
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AssignmentCommitterTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final GeoPoint P = new GeoPoint(41.9, 12.5);

  private final InMemoryKvClient memory = new InMemoryKvClient();
  private final InterceptingKv kv = new InterceptingKv(memory);
  private final KvDocuments docs = new KvDocuments(memory, Json.mapper());
  private final AssignmentCommitter committer =
      new AssignmentCommitter(
          new BlockingKv(kv, Duration.ofSeconds(2)),
          "me",
          Duration.ofSeconds(20),
          java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));

  private void delivery(String id) {
    docs.create(
            KvKeys.delivery(id),
            DeliveryDocument.pending(
                new DeliveryRequested(id, P, P, 1, WeightClass.LIGHT, null, null, NOW)))
        .block();
  }

  private void drone(String id, DroneStatus status, String delivery) {
    docs.create(
            KvKeys.drone(id),
            DroneDocument.registered(id, WeightClass.LIGHT, P, 50)
                .withControl(status, delivery, 0, java.util.List.of()))
        .block();
  }

  private DroneDocument droneDoc(String id) {
    return docs.read(KvKeys.drone(id), DroneDocument.class).block().orElseThrow().value();
  }

  private DeliveryDocument deliveryDoc(String id) {
    return docs.read(KvKeys.delivery(id), DeliveryDocument.class)
        .block()
        .map(Versioned::value)
        .orElseThrow();
  }

  @Test
  void bothCompareAndSetsApplyAndTheLocksAreReleased() {
    delivery("d1");
    drone("drone-1", DroneStatus.IDLE, null);
    CommitResult r = committer.commit("d1", "drone-1");
    assertThat(r).isInstanceOf(CommitResult.Committed.class);
    assertThat(deliveryDoc("d1").status()).isEqualTo(DeliveryStatus.ASSIGNED);
    assertThat(deliveryDoc("d1").assignedAt()).isEqualTo(NOW);
    assertThat(droneDoc("drone-1").currentDelivery()).isEqualTo("d1");
    assertThat(
            memory.acquireLock(KvKeys.deliveryLock("d1"), "other", Duration.ofSeconds(1)).block())
        .isInstanceOf(LockResult.Acquired.class);
    assertThat(
            memory.acquireLock(KvKeys.droneLock("drone-1"), "other", Duration.ofSeconds(1)).block())
        .isInstanceOf(LockResult.Acquired.class);
  }

  @Test
  void aCommitReadsEachDocumentOnce() {
    delivery("d1");
    drone("drone-1", DroneStatus.IDLE, null);
    kv.reads.set(0);
    assertThat(committer.commit("d1", "drone-1")).isInstanceOf(CommitResult.Committed.class);
    // the delivery under its lock (its CAS reuses that read), the drone in its update
    assertThat(kv.reads.get()).isEqualTo(2);
  }

  @Test
  void aConflictingWriteIsRetriedFromWhatTheRefusalAnswered() {
    delivery("d1");
    drone("drone-1", DroneStatus.IDLE, null);
    AtomicBoolean once = new AtomicBoolean();
    kv.beforeCas(
        r -> {
          if (r.key().equals(KvKeys.delivery("d1")) && once.compareAndSet(false, true)) {
            // someone else touches the pending delivery between the read and the CAS
            var d = docs.read(KvKeys.delivery("d1"), DeliveryDocument.class).block().orElseThrow();
            docs.replace(KvKeys.delivery("d1"), d.version(), d.value(), java.util.Optional.empty())
                .block();
          }
        });
    kv.reads.set(0);
    assertThat(committer.commit("d1", "drone-1")).isInstanceOf(CommitResult.Committed.class);
    assertThat(deliveryDoc("d1").status()).isEqualTo(DeliveryStatus.ASSIGNED);
    assertThat(kv.reads.get()).isEqualTo(2);
  }

  @Test
  void aRetryThatFindsTheDeliveryAssignedToItsDroneIsIdempotent() {
    delivery("d1");
    drone("drone-1", DroneStatus.IDLE, null);
    committer.commit("d1", "drone-1");
    assertThat(committer.commit("d1", "drone-2")).isInstanceOf(CommitResult.AlreadyAssigned.class);
    assertThat(committer.precheck("d1")).containsInstanceOf(CommitResult.AlreadyAssigned.class);
  }

  @Test
  void aLockHeldElsewhereIsLeftAloneAndNotReleased() {
    delivery("d1");
    drone("drone-1", DroneStatus.IDLE, null);
    memory.acquireLock(KvKeys.droneLock("drone-1"), "other", Duration.ofSeconds(20)).block();
    assertThat(committer.commit("d1", "drone-1")).isInstanceOf(CommitResult.Locked.class);
    // the other holder still has it: our finally released only what we acquired
    assertThat(
            memory.acquireLock(KvKeys.droneLock("drone-1"), "third", Duration.ofSeconds(1)).block())
        .isInstanceOf(LockResult.Held.class);
    assertThat(deliveryDoc("d1").status()).isEqualTo(DeliveryStatus.PENDING);
  }

  @Test
  void aDroneNoLongerIdleIsReportedTaken() {
    delivery("d1");
    drone("drone-1", DroneStatus.BUSY, "d0");
    CommitResult r = committer.commit("d1", "drone-1");
    assertThat(r).isInstanceOf(CommitResult.DroneTaken.class);
    assertThat(((CommitResult.DroneTaken) r).current().orElseThrow().currentDelivery())
        .isEqualTo("d0");
    assertThat(deliveryDoc("d1").status()).isEqualTo(DeliveryStatus.PENDING);
  }

  @Test
  void whenTheDeliveryStepFailsTheDroneIsRolledBack() {
    delivery("d1");
    drone("drone-1", DroneStatus.IDLE, null);
    AtomicBoolean once = new AtomicBoolean();
    kv.beforeCas(
        req -> {
          if (req.key().equals(KvKeys.delivery("d1")) && once.compareAndSet(false, true)) {
            // a concurrent writer (e.g. a test cleanup) delivers it first
            var cur =
                docs.read(KvKeys.delivery("d1"), DeliveryDocument.class).block().orElseThrow();
            docs.replace(
                    KvKeys.delivery("d1"),
                    cur.version(),
                    cur.value().assigned("drone-9", NOW).delivered(NOW),
                    java.util.Optional.empty())
                .block();
          }
        });
    CommitResult r = committer.commit("d1", "drone-1");
    assertThat(r).isInstanceOf(CommitResult.RolledBack.class);
    assertThat(((CommitResult.RolledBack) r).droneReleased()).isTrue();
    assertThat(droneDoc("drone-1").status()).isEqualTo(DroneStatus.IDLE);
    assertThat(droneDoc("drone-1").currentDelivery()).isNull();
  }

  @Test
  void aFencedWriteIsRefusedOnceTheLockWasTakenOver() {
    delivery("d1");
    drone("drone-1", DroneStatus.IDLE, null);
    kv.beforeCas(
        req -> {
          if (req.key().equals(KvKeys.delivery("d1"))) {
            // our delivery lease was lost: someone else holds the lock with a newer token
            memory
                .releaseLock(
                    new dev.dronedispatch.kv.client.LockLease(
                        KvKeys.deliveryLock("d1"), "me", req.fence().orElseThrow().token(), NOW))
                .block();
            memory
                .acquireLock(KvKeys.deliveryLock("d1"), "usurper", Duration.ofSeconds(20))
                .block();
          }
        });
    CommitResult r = committer.commit("d1", "drone-1");
    assertThat(r).isInstanceOf(CommitResult.RolledBack.class);
    assertThat(deliveryDoc("d1").status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(droneDoc("drone-1").status()).isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void aMissingDeliveryIsReported() {
    drone("drone-1", DroneStatus.IDLE, null);
    assertThat(committer.commit("nope", "drone-1"))
        .isInstanceOf(CommitResult.DeliveryMissing.class);
    assertThat(droneDoc("drone-1").status()).isEqualTo(DroneStatus.IDLE);
  }
}
