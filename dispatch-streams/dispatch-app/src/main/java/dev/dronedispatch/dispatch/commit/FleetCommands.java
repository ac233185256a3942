package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.dispatch.fleet.DroneStateMachine;
import dev.dronedispatch.dispatch.fleet.FeasibilityBook;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.Reconciler;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drone document changes made by the dispatcher outside an assignment: governance, autoscale,
 * feas_miss bookkeeping, release after delivery, reconcile. Each is a bounded read-modify-CAS on
 * the version read, whose change function re-checks the precondition on the latest document.
 */
public final class FleetCommands {

  private static final int ATTEMPTS = 5;
  private static final int RELEASE_ATTEMPTS = 40;

  /** Whether the change was written, and the document the KV holds now (if known). */
  public record Outcome(boolean applied, Optional<DroneDocument> current) {

    static Outcome of(UpdateOutcome<DroneDocument> u) {
      if (u instanceof UpdateOutcome.Updated<DroneDocument> up) {
        return new Outcome(true, Optional.of(up.current().value()));
      }
      if (u instanceof UpdateOutcome.Declined<DroneDocument> d) {
        return new Outcome(false, d.current().map(Versioned::value));
      }
      return new Outcome(false, Optional.empty());
    }
  }

  /** A feas_miss outcome together with the write's result. */
  public record MissOutcome(FeasibilityBook.Kind kind, Outcome write) {}

  private final BlockingKv kv;
  private final String owner;
  private final Duration lockTtl;

  public FleetCommands(BlockingKv kv, String owner, Duration lockTtl) {
    this.kv = kv;
    this.owner = owner;
    this.lockTtl = lockTtl;
  }

  public Optional<DroneDocument> read(String droneId) {
    return kv.read(KvKeys.drone(droneId), DroneDocument.class).map(Versioned::value);
  }

  /** A free-drone transition (governance, autoscale, charging from a pick). */
  public Outcome apply(FleetTransition t, boolean resetMisses) {
    return Outcome.of(
        kv.update(
            KvKeys.drone(t.droneId()),
            DroneDocument.class,
            DroneStateMachine.move(t.from(), t.to(), resetMisses),
            ATTEMPTS,
            Optional.empty()));
  }

  /** busy(deliveryId) → idle after the delivery was delivered. */
  public Outcome release(String droneId, String deliveryId) {
    return Outcome.of(
        kv.update(
            KvKeys.drone(droneId),
            DroneDocument.class,
            DroneStateMachine.release(deliveryId),
            RELEASE_ATTEMPTS,
            Optional.empty()));
  }

  /** Counts {@code deliveryId} as a miss of {@code droneId} (once), charging at the threshold. */
  public MissOutcome recordMiss(String droneId, String deliveryId, FeasibilityBook book) {
    FeasibilityBook.Kind[] kind = {FeasibilityBook.Kind.DUPLICATE};
    UpdateOutcome<DroneDocument> u =
        kv.update(
            KvKeys.drone(droneId),
            DroneDocument.class,
            current ->
                current.flatMap(
                    d -> {
                      FeasibilityBook.Outcome o = book.onInfeasible(d, deliveryId);
                      kind[0] = o.kind();
                      return o.next();
                    }),
            ATTEMPTS,
            Optional.empty());
    return new MissOutcome(kind[0], Outcome.of(u));
  }

  /** Resets the feas_miss counters of a drone found feasible. */
  public Outcome resetMisses(String droneId, FeasibilityBook book) {
    return Outcome.of(
        kv.update(
            KvKeys.drone(droneId),
            DroneDocument.class,
            current -> current.flatMap(book::onFeasible),
            ATTEMPTS,
            Optional.empty()));
  }

  /** The reconcile verdict and, when a drone was freed, why. */
  public record ReconcileOutcome(Optional<String> freedBecause, Optional<DroneDocument> drone) {}

  /**
   * Frees a busy drone whose delivery is missing, delivered or not its own. The check runs first
   * without locks (the common case finds nothing); a suspected orphan is re-checked under the
   * delivery and drone locks, so an assignment in flight is never undone.
   */
  public ReconcileOutcome reconcile(String droneId) {
    Optional<DroneDocument> drone = read(droneId);
    if (drone.isEmpty() || drone.get().currentDelivery() == null) {
      return new ReconcileOutcome(Optional.empty(), drone);
    }
    String deliveryId = drone.get().currentDelivery();
    if (Reconciler.reasonToFree(drone.get(), readDelivery(deliveryId)).isEmpty()) {
      return new ReconcileOutcome(Optional.empty(), drone);
    }
    Optional<LockLease> deliveryLock = kv.lock(KvKeys.deliveryLock(deliveryId), owner, lockTtl);
    if (deliveryLock.isEmpty()) {
      return new ReconcileOutcome(Optional.empty(), drone);
    }
    List<LockLease> held = new ArrayList<>(List.of(deliveryLock.get()));
    try {
      Optional<LockLease> droneLock = kv.lock(KvKeys.droneLock(droneId), owner, lockTtl);
      if (droneLock.isEmpty()) {
        return new ReconcileOutcome(Optional.empty(), drone);
      }
      held.add(droneLock.get());
      Optional<DeliveryDocument> delivery = readDelivery(deliveryId);
      String[] reason = {null};
      UpdateOutcome<DroneDocument> u =
          kv.update(
              KvKeys.drone(droneId),
              DroneDocument.class,
              current ->
                  current.flatMap(
                      d -> {
                        Optional<String> why = Reconciler.reasonToFree(d, delivery);
                        reason[0] = why.orElse(null);
                        return why.flatMap(
                            w -> DroneStateMachine.release(deliveryId).apply(current));
                      }),
              ATTEMPTS,
              droneLock);
      Outcome o = Outcome.of(u);
      return new ReconcileOutcome(
          o.applied() ? Optional.ofNullable(reason[0]) : Optional.empty(), o.current());
    } finally {
      kv.unlock(held);
    }
  }

  private Optional<DeliveryDocument> readDelivery(String id) {
    return kv.read(KvKeys.delivery(id), DeliveryDocument.class).map(Versioned::value);
  }
}
