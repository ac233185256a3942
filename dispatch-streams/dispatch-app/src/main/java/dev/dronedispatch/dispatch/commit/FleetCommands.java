package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.dispatch.fleet.DroneStateMachine;
import dev.dronedispatch.dispatch.fleet.FeasibilityBook;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.Reconciler;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
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

  public FleetCommands(BlockingKv kv) {
    this.kv = kv;
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
            ATTEMPTS));
  }

  /** busy(deliveryId) → idle after the delivery was delivered. */
  public Outcome release(String droneId, String deliveryId) {
    return Outcome.of(
        kv.update(
            KvKeys.drone(droneId),
            DroneDocument.class,
            DroneStateMachine.release(deliveryId),
            RELEASE_ATTEMPTS));
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
            ATTEMPTS);
    return new MissOutcome(kind[0], Outcome.of(u));
  }

  /** Resets the feas_miss counters of a drone found feasible. */
  public Outcome resetMisses(String droneId, FeasibilityBook book) {
    return Outcome.of(
        kv.update(
            KvKeys.drone(droneId),
            DroneDocument.class,
            current -> current.flatMap(book::onFeasible),
            ATTEMPTS));
  }

  /** The reconcile verdict and, when a drone was freed, why. */
  public record ReconcileOutcome(Optional<String> freedBecause, Optional<DroneDocument> drone) {}

  /**
   * Frees a busy drone whose delivery is missing, delivered or not its own. No lock: when the
   * drone's delivery is still pending (a claim whose assignment never landed, or one still in
   * flight), the delivery document is first rewritten as it is, at the version read. An assignment
   * in flight read the delivery at that version, so its compare-and-set is now refused and it
   * releases its claim itself; if instead the assignment landed first, the rewrite is refused and
   * the drone is left alone. Only then is the drone freed, at the version read, if it is still busy
   * with that delivery.
   */
  public ReconcileOutcome reconcile(String droneId) {
    Optional<Versioned<DroneDocument>> drone = kv.read(KvKeys.drone(droneId), DroneDocument.class);
    if (drone.isEmpty() || drone.get().value().currentDelivery() == null) {
      return new ReconcileOutcome(Optional.empty(), drone.map(Versioned::value));
    }
    String deliveryId = drone.get().value().currentDelivery();
    Optional<Versioned<DeliveryDocument>> delivery =
        kv.read(KvKeys.delivery(deliveryId), DeliveryDocument.class);
    Optional<String> why =
        Reconciler.reasonToFree(drone.get().value(), delivery.map(Versioned::value));
    if (why.isEmpty()) {
      return new ReconcileOutcome(Optional.empty(), drone.map(Versioned::value));
    }
    if (delivery.isPresent()
        && delivery.get().value().status() == DeliveryStatus.PENDING
        && !kv.replace(
                KvKeys.delivery(deliveryId), delivery.get().version(), delivery.get().value())
            .ok()) {
      return new ReconcileOutcome(Optional.empty(), drone.map(Versioned::value)); // it moved on
    }
    Outcome o =
        Outcome.of(
            kv.update(
                KvKeys.drone(droneId),
                DroneDocument.class,
                drone,
                DroneStateMachine.release(deliveryId),
                ATTEMPTS));
    return new ReconcileOutcome(o.applied() ? why : Optional.empty(), o.current());
  }
}
