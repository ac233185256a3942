package dev.dronedispatch.dispatch.commit;

import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.delivery;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.deliveryDoc;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.drone;
import static dev.dronedispatch.dispatch.commit.AssignmentCommitterTest.droneDoc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.documents.SkippedDocuments;
import dev.dronedispatch.dispatch.fleet.DroneStateMachine;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Do fenced locks add safety beyond the version compare-and-sets? The assignment writes take no
 * lock; these tests play the interleavings that could break it. Two writers race for one drone or
 * one delivery (covered in {@code AssignmentCommitterTest}): the versions settle it. The one writer
 * that frees a busy drone is reconcile: if it freed a drone between its claim and its delivery's
 * assignment without telling the assignment, the delivery would land on an idle drone, which the
 * next round could give away — the double booking the locks used to prevent. The contrast test
 * shows that hazard with a reconcile that only frees the drone; reconcile therefore rewrites the
 * pending delivery first, and the other tests show that this, with versions alone, is enough.
 */
class LockFreeCommitTest {

  private final InMemoryKvClient memory = new InMemoryKvClient();
  private final InterceptingKv kv = new InterceptingKv(memory);
  private final KvDocuments docs = new KvDocuments(memory, Json.mapper());
  private final BlockingKv direct =
      new BlockingKv(
          memory, Duration.ofSeconds(2), new SkippedDocuments(new SimpleMeterRegistry()));
  private final AssignmentCommitter committer = AssignmentCommitterTest.committerOver(kv);
  private final FleetCommands reconciler = new FleetCommands(direct);

  /** Runs {@code hook} once, just before the batch that assigns deliveries. */
  private void beforeTheAssignment(Runnable hook) {
    AtomicBoolean done = new AtomicBoolean();
    kv.beforeBatch(
        ops -> {
          boolean assigns =
              ops.stream()
                  .anyMatch(
                      o -> o instanceof KvOp.CompareAndSet && o.key().startsWith("delivery:"));
          if (assigns && done.compareAndSet(false, true)) {
            hook.run();
          }
        });
  }

  @Test
  void aReconcileThatOnlyFreedTheDroneWouldLetTheAssignmentLandOnAnIdleDrone() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    // reconcile as it was before, without its locks: the drone is busy with a pending delivery,
    // "not theirs", so it is freed
    beforeTheAssignment(
        () ->
            docs.update(KvKeys.drone("x1"), DroneDocument.class, DroneStateMachine.release("d1"), 3)
                .block());

    CommitResult r = committer.commit("d1", "x1");

    assertThat(r).isInstanceOf(CommitResult.Committed.class);
    assertThat(deliveryDoc(docs, "d1").droneId()).isEqualTo("x1");
    assertThat(droneDoc(docs, "x1").status())
        .as("the drone the delivery is assigned to is free for another: the hazard")
        .isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void reconcileBetweenTheClaimAndTheAssignmentRefusesTheAssignment() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    List<FleetCommands.ReconcileOutcome> reconciled = new ArrayList<>();
    beforeTheAssignment(() -> reconciled.add(reconciler.reconcile("x1")));

    CommitResult r = committer.commit("d1", "x1");

    assertThat(reconciled.get(0).freedBecause()).contains("reconcile:not_theirs");
    assertThat(r).isInstanceOf(CommitResult.RolledBack.class);
    assertThat(deliveryDoc(docs, "d1").status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(droneDoc(docs, "x1").status()).isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void reconcileAfterTheAssignmentLandedLeavesTheDroneAlone() {
    delivery(docs, "d1");
    drone(docs, "x1", DroneStatus.IDLE, null);
    committer.commit("d1", "x1");

    assertThat(reconciler.reconcile("x1").freedBecause()).isEmpty();
    assertThat(droneDoc(docs, "x1").currentDelivery()).isEqualTo("d1");
  }

  /**
   * Rounds of random pairs from four threads and reconcile from a fifth, on one store: each
   * delivery is committed at most once, each drone for at most one delivery, and once everything
   * stops (and reconcile has had its pass) every assigned delivery's drone holds it and every busy
   * drone's delivery is assigned to it.
   */
  @Test
  void concurrentRoundsAndReconcileNeverDoubleBook() throws Exception {
    int deliveries = 40;
    int drones = 16;
    for (int i = 0; i < deliveries; i++) {
      delivery(docs, "d" + i);
    }
    for (int i = 0; i < drones; i++) {
      drone(docs, "x" + i, DroneStatus.IDLE, null);
    }
    Map<String, List<String>> committedByDelivery = new ConcurrentHashMap<>();
    Map<String, List<String>> committedByDrone = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<Future<?>> rounds = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Random random = new Random(t);
      AssignmentCommitter c = AssignmentCommitterTest.committerOver(memory);
      rounds.add(
          pool.submit(
              () -> {
                for (int round = 0; round < 150; round++) {
                  List<Pairing> pairs = randomPairs(random, deliveries, drones);
                  List<CommitResult> results = c.commitAll(pairs);
                  for (int i = 0; i < pairs.size(); i++) {
                    if (results.get(i) instanceof CommitResult.Committed) {
                      Pairing p = pairs.get(i);
                      committedByDelivery
                          .computeIfAbsent(
                              p.deliveryId(), k -> Collections.synchronizedList(new ArrayList<>()))
                          .add(p.droneId());
                      committedByDrone
                          .computeIfAbsent(
                              p.droneId(), k -> Collections.synchronizedList(new ArrayList<>()))
                          .add(p.deliveryId());
                    }
                  }
                }
              }));
    }
    Future<?> reconciling =
        pool.submit(
            () -> {
              Random random = new Random(99);
              while (running.get()) {
                reconciler.reconcile("x" + random.nextInt(drones));
              }
            });
    for (Future<?> f : rounds) {
      f.get();
    }
    running.set(false);
    reconciling.get();
    pool.shutdown();
    for (int i = 0; i < drones; i++) {
      reconciler.reconcile("x" + i); // what a claim left behind by a refused assignment
    }

    committedByDelivery.forEach(
        (d, xs) -> assertThat(xs).as("drones committed for %s", d).hasSize(1));
    committedByDrone.forEach(
        (x, ds) -> assertThat(ds).as("deliveries committed for %s", x).hasSize(1));
    Map<String, String> holderOf = new HashMap<>();
    for (int i = 0; i < drones; i++) {
      DroneDocument x = droneDoc(docs, "x" + i);
      if (x.status() == DroneStatus.BUSY) {
        holderOf.put(x.currentDelivery(), x.id());
        assertThat(deliveryDoc(docs, x.currentDelivery()).droneId())
            .as("delivery held by busy %s", x.id())
            .isEqualTo(x.id());
      }
    }
    for (int i = 0; i < deliveries; i++) {
      DeliveryDocument d = deliveryDoc(docs, "d" + i);
      if (d.status() == DeliveryStatus.ASSIGNED) {
        assertThat(holderOf.get(d.id())).as("drone holding %s", d.id()).isEqualTo(d.droneId());
        assertThat(committedByDelivery.get(d.id())).containsExactly(d.droneId());
      }
    }
    assertThat(committedByDelivery).as("some rounds committed").isNotEmpty();
  }

  private static List<Pairing> randomPairs(Random random, int deliveries, int drones) {
    List<Integer> ds = new ArrayList<>();
    List<Integer> xs = new ArrayList<>();
    for (int i = 0; i < deliveries; i++) {
      ds.add(i);
    }
    for (int i = 0; i < drones; i++) {
      xs.add(i);
    }
    Collections.shuffle(ds, random);
    Collections.shuffle(xs, random);
    int n = 1 + random.nextInt(4);
    List<Pairing> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pairs.add(new Pairing("d" + ds.get(i), "x" + xs.get(i)));
    }
    return pairs;
  }
}
