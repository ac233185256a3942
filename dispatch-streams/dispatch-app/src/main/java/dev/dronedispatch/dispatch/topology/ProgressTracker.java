package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.commit.AssignmentCommitter;
import dev.dronedispatch.dispatch.commit.FleetCommands;
import dev.dronedispatch.dispatch.fleet.DeliveryProgress;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.dispatch.fleet.LivenessJudge;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatch task's assigned deliveries, one per drone (the {@code active-by-drone} store), carried
 * through their stages: from the drone's own telemetry each round ({@link DeliveryProgress}), or
 * from the KV when it is ahead of what this task announced (after a restore, or when a delivery has
 * not moved for RECONCILE_INTERVAL_MS). A delivered delivery frees its drone. A drone lost with its
 * delivery ({@link LivenessJudge}) is marked lost and the delivery leaves it: handed back to the
 * queue when the parcel was not loaded yet, failed {@code drone_lost} when it was. Work per round
 * is bounded by the active deliveries, never by the deliveries ever created.
 */
final class ProgressTracker {

  private static final Logger log = LoggerFactory.getLogger("dispatcher");

  private final KeyValueStore<String, ActiveDelivery> active;
  private final StageLedger ledger;
  private final DispatchOutput out;
  private final FleetView fleet;
  private final AssignmentCommitter committer;
  private final FleetCommands fleetCommands;
  private final DispatchMetrics metrics;
  private final DeliveryProgress progress;
  private final Duration reconcileInterval;
  private final LivenessJudge liveness;
  private final RoundGaps gaps;
  private final Consumer<DeliveryRequested> requeue;
  private final Clock clock;

  /** When each tracked delivery was last caught up with the KV (by drone id). */
  private final Map<String, Instant> lastResync = new HashMap<>();

  /** True until the first round after a restore has caught every delivery up with the KV. */
  private boolean resyncAll = true;

  ProgressTracker(
      KeyValueStore<String, ActiveDelivery> active,
      StageLedger ledger,
      DispatchOutput out,
      FleetView fleet,
      AssignmentCommitter committer,
      FleetCommands fleetCommands,
      DispatchMetrics metrics,
      DeliveryProgress progress,
      Duration reconcileInterval,
      LivenessJudge liveness,
      Consumer<DeliveryRequested> requeue,
      Clock clock) {
    this.active = active;
    this.ledger = ledger;
    this.out = out;
    this.fleet = fleet;
    this.committer = committer;
    this.fleetCommands = fleetCommands;
    this.metrics = metrics;
    this.progress = progress;
    this.reconcileInterval = reconcileInterval;
    this.liveness = liveness;
    // half the lost time: a round every few seconds under load is no stall, and a drone whose task
    // came back from one still gets the whole lost time to move
    this.gaps = new RoundGaps(liveness.lostAfter().dividedBy(2));
    this.requeue = requeue;
    this.clock = clock;
  }

  /** Whether this task tracks {@code doc} on its drone already. */
  boolean tracks(DeliveryDocument doc) {
    ActiveDelivery tracked = active.get(doc.droneId());
    return tracked != null && tracked.deliveryId().equals(doc.id());
  }

  /** Announces a committed assignment and starts tracking it. */
  void assigned(DeliveryDocument doc, AssignmentDecision decision, Instant fallback) {
    String droneId = doc.droneId();
    Instant at = doc.assignedAt() != null ? doc.assignedAt() : fallback;
    ActiveDelivery previous = active.get(droneId);
    if (previous != null && !previous.deliveryId().equals(doc.id())) {
      resync(previous); // a restored entry the KV has moved past: announce its end first
    }
    fleet.onDecision(droneId, DroneStatus.BUSY, doc.id(), at);
    ActiveDelivery entry = ActiveDelivery.of(doc).at(DeliveryStage.ASSIGNED);
    active.put(droneId, entry);
    ledger.record(doc.id(), doc.assignedAt(), DeliveryStage.ASSIGNED);
    lastResync.put(droneId, at);
    out.stage(entry, DeliveryStage.ASSIGNED, at, decision);
    out.fleetEvent(droneId, DroneStatus.IDLE, DroneStatus.BUSY, FleetTransition.ASSIGNED, at);
    metrics.assigned();
    log.info("[dispatcher] ASSIGNED {} -> {}", doc.id(), droneId);
  }

  /**
   * Resumes tracking a delivery the KV carried past what this task announced ({@code announced}):
   * the missing stages are announced from the KV document.
   */
  void resume(DeliveryDocument doc, DeliveryStage announced, Instant now) {
    if (announced == DeliveryStage.PENDING) {
      assigned(doc, AssignmentDecision.recovered(), now);
    } else {
      active.put(doc.droneId(), ActiveDelivery.of(doc).at(announced));
    }
    List<ActiveDelivery> ended = new ArrayList<>();
    catchUp(active.get(doc.droneId()), Optional.of(doc), now, ended);
    releaseAll(ended, now);
  }

  /**
   * One round: every tracked delivery advanced as far as its evidence goes, in a few batched KV
   * round trips whatever their number: one read of the deliveries that moved or are due a resync,
   * one compare-and-set of those that moved, one release of the drones whose delivery ended.
   */
  int advanceAll(Instant now) {
    Duration gap = gaps.round(now);
    if (!gap.isZero()) {
      metrics.roundsResumed();
      log.info(
          "[dispatcher] rounds resumed after {} ms: busy drones get a full {} s to move again",
          gap.toMillis(),
          liveness.lostAfter().toSeconds());
    }
    List<ActiveDelivery> ended = new ArrayList<>();
    List<ActiveDelivery> toResync = new ArrayList<>();
    Map<String, ActiveDelivery> moved = new LinkedHashMap<>();
    Map<String, DroneView> evidence = new HashMap<>();
    Map<ActiveDelivery, String> lost = new LinkedHashMap<>();
    try (KeyValueIterator<String, ActiveDelivery> it = active.all()) {
      while (it.hasNext()) {
        ActiveDelivery a = it.next().value;
        if (a.stage() == DeliveryStage.DELIVERED) {
          ended.add(a);
          continue;
        }
        if (resyncDue(a, now)) {
          toResync.add(a);
          continue;
        }
        // progress first: a drone that reached its stop while nobody was watching (its task was
        // away) has done its part and is not stuck there
        Optional<DroneView> report = fleet.reported(a.droneId());
        if (report.isPresent() && !progress.advance(a.asDocument(), report.get()).isEmpty()) {
          moved.put(a.deliveryId(), a);
          evidence.put(a.deliveryId(), report.get());
          continue;
        }
        fleet
            .sighting(a.droneId())
            .flatMap(sighting -> liveness.lostWhileBusy(sighting, gaps.knownSince(a.assignedAt())))
            .ifPresent(reason -> lost.put(a, reason));
      }
    }
    resyncAll = false;
    List<String> ids = new ArrayList<>(moved.keySet());
    toResync.forEach(a -> ids.add(a.deliveryId()));
    Map<String, Optional<Versioned<DeliveryDocument>>> read =
        ids.isEmpty() ? Map.of() : committer.readDeliveries(ids);
    int progressed = 0;
    for (ActiveDelivery a : toResync) {
      Optional<Versioned<DeliveryDocument>> doc = read.get(a.deliveryId());
      if (doc != null && catchUp(a, doc.map(Versioned::value), now, ended)) {
        progressed++;
      }
    }
    Map<String, Function<Optional<DeliveryDocument>, Optional<DeliveryDocument>>> changes =
        new LinkedHashMap<>();
    moved.forEach(
        (id, a) ->
            changes.put(
                id,
                current ->
                    progress.change(
                        current.filter(d -> a.droneId().equals(d.droneId())), evidence.get(id))));
    Map<String, UpdateOutcome<DeliveryDocument>> written =
        changes.isEmpty() ? Map.of() : committer.updateDeliveries(changes, read);
    for (Map.Entry<String, UpdateOutcome<DeliveryDocument>> e : written.entrySet()) {
      Optional<DeliveryDocument> kvDoc = kvDocument(e.getValue());
      if (kvDoc != null && catchUp(moved.get(e.getKey()), kvDoc, now, ended)) {
        progressed++;
      }
    }
    releaseAll(ended, now);
    loseAll(lost, now);
    return progressed;
  }

  /**
   * Marks the drones of {@code lost} lost (one batch), then takes their deliveries off them (one
   * batch): handed back to pending before the pickup, failed {@code drone_lost} after it. The drone
   * goes first, so a handed-back delivery assigned again is never held by the lost drone too.
   * Whatever the KV could not answer stays tracked and is tried again next round; a drone found
   * lost already (by an earlier try whose outcome was lost) still gives its delivery up.
   */
  private void loseAll(Map<ActiveDelivery, String> lost, Instant now) {
    if (lost.isEmpty()) {
      return;
    }
    Map<String, String> deliveryOf = new LinkedHashMap<>();
    Map<String, ActiveDelivery> byDelivery = new LinkedHashMap<>();
    lost.keySet().forEach(a -> deliveryOf.put(a.droneId(), a.deliveryId()));
    Instant decidedAt = now(); // before the writes: see DispatchOutput#fleetEvent
    Map<String, Function<Optional<DeliveryDocument>, Optional<DeliveryDocument>>> changes =
        new LinkedHashMap<>();
    Map<String, FleetCommands.Outcome> drones = fleetCommands.loseAll(deliveryOf);
    lost.forEach(
        (a, reason) -> {
          FleetCommands.Outcome o = drones.get(a.droneId());
          boolean lostAlready =
              o.current()
                  .filter(d -> d.status() == DroneStatus.LOST && d.currentDelivery() == null)
                  .isPresent();
          if (o.applied()) {
            out.transitioned(
                new FleetTransition(a.droneId(), DroneStatus.BUSY, DroneStatus.LOST, reason),
                decidedAt);
            log.warn("[dispatcher] {} lost ({}) with {}", a.droneId(), reason, a.deliveryId());
          } else if (!lostAlready && (o.current().isPresent() || !o.settled())) {
            o.current().ifPresent(d -> out.learn(d, now));
            return; // busy elsewhere or unknown: the resync or the next round decides
          }
          byDelivery.put(a.deliveryId(), a);
          changes.put(a.deliveryId(), current -> leaveDrone(current, a.droneId(), decidedAt));
        });
    if (changes.isEmpty()) {
      return;
    }
    List<ActiveDelivery> ended = new ArrayList<>();
    committer
        .updateDeliveries(changes, Map.of())
        .forEach(
            (id, outcome) -> {
              Optional<DeliveryDocument> kvDoc = kvDocument(outcome);
              if (kvDoc != null) {
                catchUp(byDelivery.get(id), kvDoc, decidedAt, ended);
              }
            });
    releaseAll(ended, now);
  }

  /** The delivery off its lost drone: back to pending before the pickup, failed after it. */
  private static Optional<DeliveryDocument> leaveDrone(
      Optional<DeliveryDocument> current, String droneId, Instant at) {
    return current
        .filter(d -> droneId.equals(d.droneId()) && d.status().isActive())
        .map(
            d ->
                d.stage() == DeliveryStage.TO_DESTINATION
                    ? d.failed(at, DeliveryDocument.DRONE_LOST)
                    : d.handedBack());
  }

  /** The document the KV holds after an update; null when the outcome is unknown (next round). */
  private static Optional<DeliveryDocument> kvDocument(UpdateOutcome<DeliveryDocument> u) {
    if (u instanceof UpdateOutcome.Updated<DeliveryDocument> up) {
      return Optional.of(up.current().value());
    }
    if (u instanceof UpdateOutcome.Declined<DeliveryDocument> d) {
      return d.current().map(Versioned::value);
    }
    return null;
  }

  private boolean resyncDue(ActiveDelivery a, Instant now) {
    Instant last = lastResync.get(a.droneId());
    if (last == null) {
      lastResync.put(a.droneId(), now);
      return resyncAll;
    }
    if (now.isBefore(last.plus(reconcileInterval))) {
      return false;
    }
    lastResync.put(a.droneId(), now);
    return true;
  }

  private void resync(ActiveDelivery a) {
    List<ActiveDelivery> ended = new ArrayList<>();
    catchUp(a, committer.readDelivery(a.deliveryId()).map(Versioned::value), now(), ended);
    releaseAll(ended, now());
  }

  /**
   * Announces every stage the KV document reached beyond what this task announced for it; a
   * delivery that reached delivered joins {@code ended}, whose drones the caller frees.
   */
  private boolean catchUp(
      ActiveDelivery a, Optional<DeliveryDocument> kvDoc, Instant now, List<ActiveDelivery> ended) {
    if (kvDoc.isPresent()
        && kvDoc.get().stage() == DeliveryStage.PENDING
        && kvDoc.get().droneId() == null) {
      handedBack(a, kvDoc.get(), now);
      return false;
    }
    if (kvDoc.isPresent()
        && kvDoc.get().stage() == DeliveryStage.FAILED
        && a.droneId().equals(kvDoc.get().droneId())) {
      failed(a, kvDoc.get());
      return false;
    }
    if (kvDoc.isEmpty()
        || !a.droneId().equals(kvDoc.get().droneId())
        || kvDoc.get().stage() == DeliveryStage.PENDING) {
      log.warn(
          "[dispatcher] delivery {} is no longer {}'s in the KV, tracking dropped",
          a.deliveryId(),
          a.droneId());
      active.delete(a.droneId());
      return false;
    }
    DeliveryDocument doc = kvDoc.get();
    DeliveryStage reached = doc.stage();
    if (!reached.isAfter(a.stage())) {
      return false;
    }
    Instant stageAt = doc.assignedAt();
    for (DeliveryStage s = a.stage().next(); !s.isAfter(reached); s = s.next()) {
      stageAt = stageTime(doc, s, stageAt);
      out.stage(a, s, stageAt, null);
      if (s == DeliveryStage.DELIVERED) {
        break;
      }
    }
    ActiveDelivery next = a.at(reached);
    active.put(a.droneId(), next);
    ledger.record(a.deliveryId(), a.assignedAt(), reached);
    lastResync.put(a.droneId(), now);
    if (reached == DeliveryStage.DELIVERED) {
      metrics.delivered();
      log.info("[dispatcher] DELIVERED {} by {}", a.deliveryId(), a.droneId());
      ended.add(next);
    }
    return true;
  }

  /**
   * The KV shows the tracked delivery back on no drone: its drone was lost before the pickup (by
   * this round, or by an earlier one whose events were lost). It waits in the queue again.
   */
  private void handedBack(ActiveDelivery a, DeliveryDocument doc, Instant now) {
    out.leftDrone(a, DeliveryStage.PENDING, DeliveryDocument.DRONE_LOST, now);
    active.delete(a.droneId());
    lastResync.remove(a.droneId());
    requeue.accept(doc.toRequest());
    metrics.leftDrone(DeliveryStage.PENDING);
    log.warn(
        "[dispatcher] {} handed back by {}, waits for another drone", a.deliveryId(), a.droneId());
  }

  /** The KV shows the tracked delivery failed on its drone: announced, and no longer tracked. */
  private void failed(ActiveDelivery a, DeliveryDocument doc) {
    out.leftDrone(a, DeliveryStage.FAILED, doc.failureReason(), doc.failedAt());
    ledger.record(a.deliveryId(), a.assignedAt(), DeliveryStage.FAILED);
    active.delete(a.droneId());
    lastResync.remove(a.droneId());
    metrics.leftDrone(DeliveryStage.FAILED);
    log.warn("[dispatcher] FAILED {} on {}: {}", a.deliveryId(), a.droneId(), doc.failureReason());
  }

  /**
   * When the KV document says {@code stage} was reached, never before the previous stage; the clock
   * where the document keeps no time.
   */
  private Instant stageTime(DeliveryDocument doc, DeliveryStage stage, Instant previous) {
    Instant at =
        switch (stage) {
          case TO_ORIGIN -> doc.inFlightAt();
          case TO_DESTINATION -> doc.pickedUpAt();
          case DELIVERED -> doc.deliveredAt();
          default -> null;
        };
    Instant stamped = at != null ? at : now();
    return previous != null && previous.isAfter(stamped) ? previous : stamped;
  }

  /**
   * Frees the drones of delivered deliveries in one batch; one whose outcome the KV could not give
   * stays tracked for the next round. A drone already idle was freed by an earlier release whose
   * outcome or event was lost (an aborted transaction, a timed-out call) or by reconcile: the
   * busy→idle event is emitted anyway, since it states what the KV holds. A drone busy with another
   * delivery gets no event (its newer idle→busy supersedes). A drone gone from the KV, or whose
   * document is not a valid drone document, cannot be released: its tracking ends with a warning
   * instead of a retry every round.
   */
  private void releaseAll(List<ActiveDelivery> ended, Instant now) {
    if (ended.isEmpty()) {
      return;
    }
    Map<String, String> deliveryOf = new LinkedHashMap<>();
    ended.forEach(a -> deliveryOf.put(a.droneId(), a.deliveryId()));
    fleetCommands
        .releaseAll(deliveryOf)
        .forEach(
            (droneId, o) -> {
              if (o.applied()) {
                out.transitioned(
                    new FleetTransition(
                        droneId, DroneStatus.BUSY, DroneStatus.IDLE, FleetTransition.DELIVERED),
                    now);
                active.delete(droneId);
              } else if (o.current().isPresent()) {
                DroneDocument current = o.current().get();
                out.learn(current, now);
                if (current.currentDelivery() == null) {
                  out.fleetEvent(
                      droneId, DroneStatus.BUSY, current.status(), FleetTransition.DELIVERED, now);
                }
                active.delete(droneId);
              } else if (o.settled()) {
                log.warn(
                    "[dispatcher] {} has no valid document in the KV, not released after {}",
                    droneId,
                    deliveryOf.get(droneId));
                active.delete(droneId);
              }
            });
  }

  private Instant now() {
    return Instant.now(clock);
  }
}
