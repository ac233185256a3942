package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.dispatch.documents.DocumentRule;
import dev.dronedispatch.dispatch.fleet.DroneStateMachine;
import dev.dronedispatch.dispatch.fleet.FeasibilityBook;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.Reconciler;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Drone document changes made by the dispatcher outside an assignment: governance, autoscale,
 * feas_miss bookkeeping, release after delivery, reconcile. Each is a bounded read-modify-CAS on
 * the version read, whose change function re-checks the precondition on the latest document.
 */
public final class FleetCommands {

  private static final int ATTEMPTS = 5;
  private static final int RELEASE_ATTEMPTS = 40;

  /**
   * Whether the change was written, the document the KV holds now (if known), and whether the KV
   * answered at all: {@code settled} is false only when the outcome is unknown (contended, not
   * served) and worth another try. A settled outcome with no current document found the drone
   * absent, or not a valid drone document (see {@code SkippedDocuments}).
   */
  public record Outcome(boolean applied, Optional<DroneDocument> current, boolean settled) {

    static Outcome of(UpdateOutcome<DroneDocument> u) {
      if (u instanceof UpdateOutcome.Updated<DroneDocument> up) {
        return new Outcome(true, Optional.of(up.current().value()), true);
      }
      if (u instanceof UpdateOutcome.Declined<DroneDocument> d) {
        return new Outcome(false, d.current().map(Versioned::value), true);
      }
      return new Outcome(false, Optional.empty(), false);
    }
  }

  private final BlockingKv kv;
  private final BatchUpdate<DroneDocument> drones;

  public FleetCommands(BlockingKv kv) {
    this.kv = kv;
    this.drones = new BatchUpdate<>(kv, DocumentRule.DRONE);
  }

  /** The drone's document; empty when it is absent or not a valid drone document. */
  public Optional<DroneDocument> read(String droneId) {
    return kv.read(KvKeys.drone(droneId), DocumentRule.DRONE).map(Versioned::value);
  }

  /**
   * Free-drone transitions of distinct drones (governance, autoscale, charging from a pick) in a
   * few batched round trips: one outcome per transition, in order.
   */
  public List<Outcome> applyAll(List<FleetTransition> transitions) {
    Map<String, Function<Optional<DroneDocument>, Optional<DroneDocument>>> changes =
        new LinkedHashMap<>();
    for (FleetTransition t : transitions) {
      if (changes.put(KvKeys.drone(t.droneId()), DroneStateMachine.move(t.from(), t.to(), false))
          != null) {
        throw new IllegalArgumentException("two transitions of " + t.droneId());
      }
    }
    Map<String, UpdateOutcome<DroneDocument>> outcomes = drones.apply(changes, Map.of(), ATTEMPTS);
    return transitions.stream()
        .map(t -> Outcome.of(outcomes.get(KvKeys.drone(t.droneId()))))
        .toList();
  }

  /**
   * busy(delivery) → idle for many drones after their deliveries were delivered ({@code
   * deliveryOf}: drone id → delivery id), in a few batched round trips; one outcome per drone.
   */
  public Map<String, Outcome> releaseAll(Map<String, String> deliveryOf) {
    return endMissions(deliveryOf, DroneStateMachine::release);
  }

  /**
   * Marks lost the drones of {@code deliveryOf} (drone id → the delivery it is busy with) in a few
   * batched round trips; one outcome per drone, keyed by its id. A drone no longer busy with that
   * delivery is not written (its outcome shows what the KV holds).
   */
  public Map<String, Outcome> loseAll(Map<String, String> deliveryOf) {
    return endMissions(deliveryOf, DroneStateMachine::lose);
  }

  private Map<String, Outcome> endMissions(
      Map<String, String> deliveryOf,
      Function<String, Function<Optional<DroneDocument>, Optional<DroneDocument>>> change) {
    Map<String, Function<Optional<DroneDocument>, Optional<DroneDocument>>> changes =
        new LinkedHashMap<>();
    deliveryOf.forEach(
        (droneId, deliveryId) -> changes.put(KvKeys.drone(droneId), change.apply(deliveryId)));
    Map<String, UpdateOutcome<DroneDocument>> outcomes =
        drones.apply(changes, Map.of(), RELEASE_ATTEMPTS);
    Map<String, Outcome> out = new LinkedHashMap<>();
    deliveryOf.keySet().forEach(id -> out.put(id, Outcome.of(outcomes.get(KvKeys.drone(id)))));
    return out;
  }

  /** What a round's sightings did to one drone: the tally written, or why nothing was. */
  public record SightingsOutcome(FeasibilityBook.Tally tally, Outcome write) {}

  /**
   * Writes a round's feasibility sightings ({@code sightings}: drone id → what the picks found, in
   * pick order) in a few batched round trips, each drone once; one outcome per drone, keyed by its
   * id. A drone whose sightings change nothing (duplicates, no counters to reset) is not written.
   */
  public Map<String, SightingsOutcome> recordSightings(
      Map<String, List<FeasibilityBook.Sighting>> sightings, FeasibilityBook book) {
    Map<String, FeasibilityBook.Tally> tallies = new HashMap<>();
    Map<String, Function<Optional<DroneDocument>, Optional<DroneDocument>>> changes =
        new LinkedHashMap<>();
    sightings.forEach(
        (droneId, seen) ->
            changes.put(
                KvKeys.drone(droneId),
                current ->
                    current.flatMap(
                        d -> {
                          FeasibilityBook.Tally t = book.tally(d, seen);
                          tallies.put(
                              droneId, t); // the tally of the last attempt is the one written
                          return t.next();
                        })));
    Map<String, UpdateOutcome<DroneDocument>> outcomes = drones.apply(changes, Map.of(), ATTEMPTS);
    Map<String, SightingsOutcome> out = new LinkedHashMap<>();
    sightings
        .keySet()
        .forEach(
            id ->
                out.put(
                    id,
                    new SightingsOutcome(
                        tallies.getOrDefault(
                            id, new FeasibilityBook.Tally(Optional.empty(), List.of())),
                        Outcome.of(outcomes.get(KvKeys.drone(id))))));
    return out;
  }

  /** The reconcile verdict and, when a drone was freed, why. */
  public record ReconcileOutcome(Optional<String> freedBecause, Optional<DroneDocument> drone) {}

  /** {@link #reconcileAll} of one drone. */
  public ReconcileOutcome reconcile(String droneId) {
    return reconcileAll(List.of(droneId)).get(droneId);
  }

  /**
   * Frees the busy drones whose delivery is missing, delivered or not their own, in a few batched
   * round trips whatever their number. No lock: when a drone's delivery is still pending (a claim
   * whose assignment never landed, or one still in flight), the delivery document is first
   * rewritten as it is, at the version read. An assignment in flight read the delivery at that
   * version, so its compare-and-set is now refused and it releases its claim itself; if instead the
   * assignment landed first, the rewrite is refused and the drone is left alone. Only then is the
   * drone freed, at the version read, if it is still busy with that delivery. One outcome per
   * drone, keyed by its id. A drone, or a delivery, whose document is not valid is left alone: the
   * dispatcher cannot tell what it would free (counted in {@code dispatch.documents.skipped}).
   */
  public Map<String, ReconcileOutcome> reconcileAll(List<String> droneIds) {
    Map<String, ReconcileOutcome> out = new LinkedHashMap<>();
    Map<String, Optional<Versioned<DroneDocument>>> drone =
        readAll(droneIds.stream().map(KvKeys::drone).toList(), DocumentRule.DRONE);
    Map<String, String> deliveryOf = new LinkedHashMap<>();
    for (String id : droneIds) {
      Optional<Versioned<DroneDocument>> d = drone.get(KvKeys.drone(id));
      if (d == null) {
        // not served, or not a valid drone document: nothing to decide on
        out.put(id, new ReconcileOutcome(Optional.empty(), Optional.empty()));
      } else if (d.isEmpty() || d.get().value().currentDelivery() == null) {
        out.put(id, new ReconcileOutcome(Optional.empty(), d.map(Versioned::value)));
      } else {
        deliveryOf.put(id, d.get().value().currentDelivery());
      }
    }
    Map<String, Optional<Versioned<DeliveryDocument>>> delivery =
        readAll(
            deliveryOf.values().stream().distinct().map(KvKeys::delivery).toList(),
            DocumentRule.DELIVERY);
    Map<String, String> why = new LinkedHashMap<>();
    List<String> guardFirst = new ArrayList<>();
    deliveryOf.forEach(
        (id, deliveryId) -> {
          Optional<Versioned<DroneDocument>> d = drone.get(KvKeys.drone(id));
          Optional<Versioned<DeliveryDocument>> del = delivery.get(KvKeys.delivery(deliveryId));
          Optional<String> reason =
              del == null
                  ? Optional.empty()
                  : Reconciler.reasonToFree(d.get().value(), del.map(Versioned::value));
          if (reason.isEmpty()) {
            out.put(id, new ReconcileOutcome(Optional.empty(), d.map(Versioned::value)));
            return;
          }
          why.put(id, reason.get());
          if (del.isPresent() && del.get().value().status() == DeliveryStatus.PENDING) {
            guardFirst.add(id);
          }
        });
    if (!guardFirst.isEmpty()) {
      List<KvOp> rewrites =
          guardFirst.stream()
              .map(
                  id -> {
                    Versioned<DeliveryDocument> del =
                        delivery.get(KvKeys.delivery(deliveryOf.get(id))).orElseThrow();
                    return KvOp.casAtVersion(
                        KvKeys.delivery(deliveryOf.get(id)), del.version(), kv.encode(del.value()));
                  })
              .toList();
      List<KvOpResult> answers = kv.batch(rewrites);
      for (int i = 0; i < guardFirst.size(); i++) {
        if (!(answers.get(i) instanceof KvOpResult.Compared c && c.cas().ok())) {
          String id = guardFirst.get(i);
          why.remove(id); // it moved on
          out.put(
              id,
              new ReconcileOutcome(
                  Optional.empty(), drone.get(KvKeys.drone(id)).map(Versioned::value)));
        }
      }
    }
    Map<String, Function<Optional<DroneDocument>, Optional<DroneDocument>>> releases =
        new LinkedHashMap<>();
    Map<String, Optional<Versioned<DroneDocument>>> known = new LinkedHashMap<>();
    why.keySet()
        .forEach(
            id -> {
              releases.put(KvKeys.drone(id), DroneStateMachine.release(deliveryOf.get(id)));
              known.put(KvKeys.drone(id), drone.get(KvKeys.drone(id)));
            });
    Map<String, UpdateOutcome<DroneDocument>> released = drones.apply(releases, known, ATTEMPTS);
    why.forEach(
        (id, reason) -> {
          Outcome o = Outcome.of(released.get(KvKeys.drone(id)));
          out.put(
              id,
              new ReconcileOutcome(
                  o.applied() ? Optional.of(reason) : Optional.empty(), o.current()));
        });
    Map<String, ReconcileOutcome> ordered = new LinkedHashMap<>();
    droneIds.forEach(id -> ordered.put(id, out.get(id)));
    return ordered;
  }

  /**
   * The documents of {@code keys} in one batch; a key not served, or not holding a valid document,
   * is left out (nothing is decided on it).
   */
  private <T> Map<String, Optional<Versioned<T>>> readAll(List<String> keys, DocumentRule<T> rule) {
    Map<String, Optional<Versioned<T>>> out = new HashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    List<KvOpResult> answers = kv.batch(keys.stream().map(KvOp::get).toList());
    for (int i = 0; i < keys.size(); i++) {
      if (!(answers.get(i) instanceof KvOpResult.Read r)) {
        continue;
      }
      String key = keys.get(i);
      if (r.entry().isEmpty()) {
        out.put(key, Optional.empty());
      } else {
        kv.valid(r.entry().get(), rule).ifPresent(v -> out.put(key, Optional.of(v)));
      }
    }
    return out;
  }
}
