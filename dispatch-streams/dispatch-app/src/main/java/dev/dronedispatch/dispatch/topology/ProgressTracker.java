package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.commit.AssignmentCommitter;
import dev.dronedispatch.dispatch.commit.FleetCommands;
import dev.dronedispatch.dispatch.fleet.DeliveryProgress;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatch task's assigned deliveries, one per drone (the {@code active-by-drone} store), carried
 * through their stages: from the drone's own telemetry each round ({@link DeliveryProgress}), or
 * from the KV when it is ahead of what this task announced (after a restore, or when a delivery has
 * not moved for RECONCILE_INTERVAL_MS). A delivered delivery frees its drone. Work per round is
 * bounded by the active deliveries, never by the deliveries ever created.
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
    catchUp(active.get(doc.droneId()), Optional.of(doc), now);
  }

  /** One round: every tracked delivery advanced as far as its evidence goes, until the deadline. */
  int advanceAll(Instant now, long deadlineNanos) {
    List<ActiveDelivery> all = new ArrayList<>();
    try (KeyValueIterator<String, ActiveDelivery> it = active.all()) {
      while (it.hasNext()) {
        all.add(it.next().value);
      }
    }
    int progressed = 0;
    for (ActiveDelivery a : all) {
      if (System.nanoTime() > deadlineNanos) {
        break;
      }
      if (a.stage() == DeliveryStage.DELIVERED) {
        release(a, now);
        continue;
      }
      if (resyncDue(a, now)) {
        if (resync(a)) {
          progressed++;
        }
        continue;
      }
      Optional<DroneView> report = fleet.reported(a.droneId());
      if (report.isEmpty() || progress.advance(a.asDocument(), report.get()).isEmpty()) {
        continue;
      }
      if (advance(a, report.get(), now)) {
        progressed++;
      }
    }
    resyncAll = false;
    return progressed;
  }

  private boolean advance(ActiveDelivery a, DroneView report, Instant now) {
    UpdateOutcome<DeliveryDocument> u =
        committer.updateDelivery(
            a.deliveryId(),
            current ->
                progress.change(current.filter(d -> a.droneId().equals(d.droneId())), report));
    Optional<DeliveryDocument> kvDoc;
    if (u instanceof UpdateOutcome.Updated<DeliveryDocument> up) {
      kvDoc = Optional.of(up.current().value());
    } else if (u instanceof UpdateOutcome.Declined<DeliveryDocument> d) {
      kvDoc = d.current().map(Versioned::value);
    } else {
      return false; // contended: next round
    }
    return catchUp(a, kvDoc, now);
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

  private boolean resync(ActiveDelivery a) {
    return catchUp(a, committer.readDelivery(a.deliveryId()).map(Versioned::value), now());
  }

  /** Announces every stage the KV document reached beyond what this task announced for it. */
  private boolean catchUp(ActiveDelivery a, Optional<DeliveryDocument> kvDoc, Instant now) {
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
      release(next, now);
    }
    return true;
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
   * Frees the drone of a delivered delivery; kept for the next round if the KV cannot answer. If
   * the drone is already idle, an earlier release whose outcome or event was lost (an aborted
   * transaction, a timed-out call) or reconcile freed it: the busy→idle event is emitted anyway,
   * since it states what the KV holds. A drone busy with another delivery gets no event (its newer
   * idle→busy supersedes).
   */
  private void release(ActiveDelivery a, Instant now) {
    FleetCommands.Outcome o = fleetCommands.release(a.droneId(), a.deliveryId());
    if (o.applied()) {
      out.transitioned(
          new FleetTransition(
              a.droneId(), DroneStatus.BUSY, DroneStatus.IDLE, FleetTransition.DELIVERED),
          now);
      active.delete(a.droneId());
    } else if (o.current().isPresent()) {
      DroneDocument current = o.current().get();
      out.learn(current, now);
      if (current.currentDelivery() == null) {
        out.fleetEvent(
            a.droneId(), DroneStatus.BUSY, current.status(), FleetTransition.DELIVERED, now);
      }
      active.delete(a.droneId());
    }
  }

  private Instant now() {
    return Instant.now(clock);
  }
}
