package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.assignment.Candidate;
import dev.dronedispatch.dispatch.assignment.PickResult;
import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.dispatch.commit.CommitResult;
import dev.dronedispatch.dispatch.commit.FleetCommands;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.fleet.DeliveryProgress;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.FeasibilityBook;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery-keyed dispatch task. A request is assigned at once when a drone is free, otherwise
 * kept in the pending store (age-ordered keys). Every ASSIGNER_TICK_MS of wall-clock time it
 * advances its active deliveries from the drones' telemetry, retries pending deliveries oldest
 * first, and reports its backlog per class to the fleet governor. Its work per tick is bounded by
 * its active deliveries (at most one per drone), PENDING_SCAN_LIMIT and ROUND_BUDGET_MS, never by
 * the deliveries ever created.
 */
final class DispatchProcessor implements Processor<String, DeliveryRequested, String, Outbound> {

  private static final Logger log = LoggerFactory.getLogger("dispatcher");
  private static final int PICK_ATTEMPTS = 3;
  private static final int FEAS_MEMORY = 10_000;
  private static final long REPORT_EVERY_MS = 1000;

  private enum Attempt {
    DONE,
    KEEP
  }

  private final DispatchServices s;
  private final DispatchConfig cfg;
  private final DeliveryProgress progress;
  private final FeasibilityBook book;
  private final ChargeLog chargeLog;

  private ProcessorContext<String, Outbound> context;
  private KeyValueStore<String, DeliveryRequested> pending;
  private KeyValueStore<String, String> pendingIds;
  private KeyValueStore<String, ActiveDelivery> active;
  private WindowStore<String, Integer> emitted;
  private final Map<WeightClass, Integer> backlog = new EnumMap<>(WeightClass.class);
  private BacklogReport lastReport;
  private long lastReportMs;

  /** (drone, delivery) pairs already counted in feas_miss by this task, bounded. */
  private final Set<String> missCounted =
      java.util.Collections.newSetFromMap(
          new LinkedHashMap<String, Boolean>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > FEAS_MEMORY;
            }
          });

  /** When each tracked delivery was last caught up with the KV (by drone id). */
  private final Map<String, Instant> lastResync = new HashMap<>();

  /** True until the first tick after init has caught every restored delivery up with the KV. */
  private boolean resyncAll;

  /** Drones this task knows to have feas_miss counters, so a feasible pick resets them. */
  private final Map<String, Integer> knownMisses = new HashMap<>();

  DispatchProcessor(DispatchServices services) {
    this.s = services;
    this.cfg = services.config();
    this.progress = new DeliveryProgress(cfg.arriveEpsKm());
    this.book = new FeasibilityBook(cfg.earlyChargeThreshold());
    this.chargeLog = new ChargeLog(cfg.debugCharge());
  }

  @Override
  public void init(ProcessorContext<String, Outbound> context) {
    this.context = context;
    this.pending = context.getStateStore(DispatchTopology.PENDING_STORE);
    this.pendingIds = context.getStateStore(DispatchTopology.PENDING_IDS_STORE);
    this.active = context.getStateStore(DispatchTopology.ACTIVE_STORE);
    this.emitted = context.getStateStore(DispatchTopology.EMITTED_STORE);
    for (WeightClass c : WeightClass.values()) {
      backlog.put(c, 0);
    }
    try (KeyValueIterator<String, DeliveryRequested> it = pending.all()) {
      while (it.hasNext()) {
        backlog.merge(classOf(it.next().value), 1, Integer::sum);
      }
    }
    resyncAll = true;
    lastResync.clear();
    context.schedule(cfg.assignerTick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, DeliveryRequested> record) {
    DeliveryRequested req = record.value();
    if (req == null || req.id() == null || req.origin() == null || req.destination() == null) {
      log.warn("[dispatcher] ignored malformed request key={}", record.key());
      return;
    }
    if (pendingIds.get(req.id()) != null) {
      return; // a republished request of a delivery already pending here
    }
    if (backlog.get(classOf(req)) > 0) {
      addPending(req, record.timestamp()); // older deliveries of its class go first
      return;
    }
    Instant now = now();
    Attempt a;
    try {
      Optional<CommitResult> settled = s.committer().precheck(req.id());
      a = settled.isPresent() ? settle(req, settled.get(), now) : attempt(req, now);
    } catch (KvUnavailableException e) {
      s.metrics().kvUnavailable("request");
      log.warn("[dispatcher] KV unavailable on request {}: {}", req.id(), e.getMessage());
      a = Attempt.KEEP;
    }
    if (a == Attempt.KEEP) {
      addPending(req, record.timestamp());
    }
  }

  private void tick(long wallMs) {
    Instant now = now();
    long deadline = System.nanoTime() + cfg.roundBudget().toNanos();
    try {
      int progressed = advanceActive(now, deadline);
      resyncAll = false;
      if (progressed > 0) {
        log.info("[dispatcher] progressed={}", progressed);
      }
      int assigned = retryPending(now, deadline);
      if (assigned > 0) {
        log.info("[dispatcher] round assigned={}", assigned);
      }
    } catch (KvUnavailableException e) {
      s.metrics().kvUnavailable("tick");
      log.warn("[dispatcher] KV unavailable, round cut short: {}", e.getMessage());
    }
    report(now.toEpochMilli());
  }

  // ---------------------------------------------------------------- assignment

  private Attempt attempt(DeliveryRequested req, Instant now) {
    Set<String> excluded = new HashSet<>();
    for (int i = 0; i < PICK_ATTEMPTS; i++) {
      long t0 = System.nanoTime();
      PickResult pick = s.fleet().pick(s.picker(), req, excluded, now);
      s.metrics().pick(Duration.ofNanos(System.nanoTime() - t0));
      applyPickConsequences(pick, req, now);
      if (pick.chosen().isEmpty()) {
        return Attempt.KEEP;
      }
      Candidate chosen = pick.chosen().get();
      if (yieldsToOlder(req, chosen.drone(), now)) {
        return Attempt.KEEP;
      }
      String droneId = chosen.drone().id();
      long c0 = System.nanoTime();
      CommitResult result = s.committer().commit(req.id(), droneId);
      s.metrics()
          .commit(Duration.ofNanos(System.nanoTime() - c0), result.getClass().getSimpleName());
      if (result instanceof CommitResult.Committed c) {
        emitAssigned(c.delivery(), pick.decision(), now);
        return Attempt.DONE;
      }
      if (result instanceof CommitResult.AlreadyAssigned a) {
        settleKnown(a.delivery(), now);
        return Attempt.DONE;
      }
      if (result instanceof CommitResult.DeliveryMissing) {
        log.warn("[dispatcher] delivery {} is not in the KV service, dropped", req.id());
        return Attempt.DONE;
      }
      if (result instanceof CommitResult.NotPending np) {
        settleKnown(np.delivery(), now);
        return Attempt.DONE;
      }
      if (result instanceof CommitResult.Locked) {
        return Attempt.KEEP;
      }
      if (result instanceof CommitResult.DroneTaken t) {
        excluded.add(droneId);
        t.current().ifPresent(d -> learn(d, now));
        continue;
      }
      if (result instanceof CommitResult.RolledBack rb) {
        log.warn("[dispatcher] assignment {} -> {} rolled back: {}", req.id(), droneId, rb.why());
        if (rb.droneReleased()) {
          Instant at = now();
          emitFleet(droneId, DroneStatus.IDLE, DroneStatus.BUSY, "claim", at);
          emitFleet(droneId, DroneStatus.BUSY, DroneStatus.IDLE, FleetTransition.ROLLBACK, at);
        }
        return Attempt.KEEP;
      }
    }
    return Attempt.KEEP;
  }

  /** Whether an older delivery waiting in another task should have {@code drone} instead. */
  private boolean yieldsToOlder(DeliveryRequested req, DroneView drone, Instant now) {
    Optional<DeliveryRequested> older =
        s.olderClaims()
            .claimant(
                req,
                drone,
                s.backlogBoard().others(context.taskId().partition(), now),
                s.picker()::canServe);
    if (older.isEmpty()) {
      return false;
    }
    s.metrics().yieldedToOlder(classOf(req).wireName());
    log.debug(
        "[dispatcher] {} leaves {} to the older {} of another task",
        req.id(),
        drone.id(),
        older.get().id());
    return true;
  }

  /** A request whose delivery is not pending in the KV service. */
  private Attempt settle(DeliveryRequested req, CommitResult result, Instant now) {
    if (result instanceof CommitResult.AlreadyAssigned a) {
      settleKnown(a.delivery(), now);
    } else if (result instanceof CommitResult.NotPending np) {
      settleKnown(np.delivery(), now);
    } else if (result instanceof CommitResult.DeliveryMissing) {
      log.warn("[dispatcher] delivery {} is not in the KV service, dropped", req.id());
    }
    return Attempt.DONE;
  }

  private void emitAssigned(DeliveryDocument doc, AssignmentDecision decision, Instant fallback) {
    String droneId = doc.droneId();
    Instant now = doc.assignedAt() != null ? doc.assignedAt() : fallback;
    ActiveDelivery previous = active.get(droneId);
    if (previous != null && !previous.deliveryId().equals(doc.id())) {
      resync(previous); // a restored entry the KV has moved past: emit its end first
    }
    s.fleet().onDecision(droneId, DroneStatus.BUSY, doc.id(), now);
    active.put(droneId, ActiveDelivery.of(doc).atLevel(0));
    markEmitted(doc.id(), doc.assignedAt(), 0);
    lastResync.put(droneId, now);
    emitStatus(
        doc.id(),
        DeliveryStatus.ASSIGNED,
        droneId,
        Leg.TO_ORIGIN,
        doc.requestedAt(),
        "assigned",
        decision,
        now);
    emitFleet(droneId, DroneStatus.IDLE, DroneStatus.BUSY, FleetTransition.ASSIGNED, now);
    s.metrics().assigned();
    log.info("[dispatcher] ASSIGNED {} -> {}", doc.id(), droneId);
  }

  /**
   * The KV shows the delivery past pending. If this task tracks it, or already emitted as far as
   * the KV went (kept in the emitted-levels store for DEDUP_RETENTION_MS), the request was a
   * republished duplicate. Otherwise an earlier attempt wrote the KV but its Kafka transaction was
   * aborted (a crash, a fenced producer, a transaction timeout): the missing statuses are emitted
   * now, and tracking resumes where the KV is.
   */
  private void settleKnown(DeliveryDocument doc, Instant now) {
    if (doc.droneId() == null || doc.assignedAt() == null || !pastPending(doc)) {
      return;
    }
    ActiveDelivery tracked = active.get(doc.droneId());
    if (tracked != null && tracked.deliveryId().equals(doc.id())) {
      return; // the next tick catches it up
    }
    int kvLevel = ActiveDelivery.level(doc.status(), doc.leg());
    int emitted = emittedLevel(doc);
    if (emitted >= kvLevel || doc.assignedAt().isBefore(now.minus(cfg.dedupRetention()))) {
      return;
    }
    log.info(
        "[dispatcher] recovering {} -> {} from the KV (emitted level {}, KV level {})",
        doc.id(),
        doc.droneId(),
        emitted,
        kvLevel);
    ActiveDelivery entry;
    if (emitted < 0) {
      emitAssigned(doc, new AssignmentDecision(0, Map.of("recovered", 1), null), now);
      entry = active.get(doc.droneId());
    } else {
      entry = ActiveDelivery.of(doc).atLevel(emitted);
      active.put(doc.droneId(), entry);
    }
    catchUp(entry, Optional.of(doc), now);
  }

  private static boolean pastPending(DeliveryDocument doc) {
    return doc.status() != DeliveryStatus.PENDING;
  }

  private int emittedLevel(DeliveryDocument doc) {
    long t = doc.assignedAt().toEpochMilli();
    try (WindowStoreIterator<Integer> it = emitted.fetch(doc.id(), t, t)) {
      int level = -1;
      while (it.hasNext()) {
        level = Math.max(level, it.next().value);
      }
      return level;
    }
  }

  private void markEmitted(String deliveryId, Instant assignedAt, int level) {
    if (assignedAt != null) {
      emitted.put(deliveryId, level, assignedAt.toEpochMilli());
    }
  }

  private void applyPickConsequences(PickResult pick, DeliveryRequested req, Instant now) {
    for (DroneView d : pick.batteryCritical()) {
      FleetTransition t =
          new FleetTransition(
              d.id(),
              DroneStatus.IDLE,
              DroneStatus.CHARGING,
              FleetTransition.CHARGE_BATTERY_CRITICAL);
      FleetCommands.Outcome o = s.fleetCommands().apply(t, false);
      if (o.applied()) {
        chargeLog.line(
            "pick_drone:battery_critical", d.id(), "battery", d.battery(), "delivery", req.id());
        transitioned(t, now());
      } else {
        o.current().ifPresent(doc -> learn(doc, now));
      }
    }
    for (DroneView d : pick.infeasible()) {
      String pair = d.id() + "|" + req.id();
      if (missCounted.contains(pair)) {
        if (log.isDebugEnabled()) {
          chargeLog.line("pick_drone:feas_miss_duplicate", d.id(), "delivery", req.id());
        }
        continue;
      }
      FleetCommands.MissOutcome m = s.fleetCommands().recordMiss(d.id(), req.id(), book);
      missCounted.add(pair);
      if (!m.write().applied()) {
        m.write().current().ifPresent(doc -> learn(doc, now));
        continue;
      }
      DroneDocument doc = m.write().current().orElseThrow();
      chargeLog.line(
          m.kind().logReason(),
          d.id(),
          "feas_miss",
          doc.feasMiss(),
          "battery",
          d.battery(),
          "delivery",
          req.id());
      if (m.kind() == FeasibilityBook.Kind.THRESHOLD_UNIQUE) {
        knownMisses.remove(d.id());
        transitioned(
            new FleetTransition(
                d.id(), DroneStatus.IDLE, DroneStatus.CHARGING, FleetTransition.CHARGE_FEAS_MISS),
            now());
      } else {
        knownMisses.put(d.id(), doc.feasMiss());
      }
    }
    for (DroneView d : pick.feasible()) {
      if (knownMisses.containsKey(d.id())) {
        knownMisses.remove(d.id());
        if (s.fleetCommands().resetMisses(d.id(), book).applied()) {
          chargeLog.line("pick_drone:feas_miss_reset", d.id(), "delivery", req.id());
        }
      }
    }
  }

  private int retryPending(Instant now, long deadline) {
    List<DeliveryRequested> oldest = new ArrayList<>();
    try (KeyValueIterator<String, DeliveryRequested> it = pending.all()) {
      while (it.hasNext() && oldest.size() < cfg.pendingScanLimit()) {
        oldest.add(it.next().value);
      }
    }
    int assigned = 0;
    for (DeliveryRequested req : oldest) {
      if (assigned >= cfg.maxAssignPerRound() || System.nanoTime() > deadline) {
        break;
      }
      if (attempt(req, now) == Attempt.DONE) {
        removePending(req);
        assigned++;
      }
    }
    return assigned;
  }

  // ---------------------------------------------------------------- progress

  private int advanceActive(Instant now, long deadline) {
    List<ActiveDelivery> all = new ArrayList<>();
    try (KeyValueIterator<String, ActiveDelivery> it = active.all()) {
      while (it.hasNext()) {
        KeyValue<String, ActiveDelivery> kv = it.next();
        all.add(kv.value);
      }
    }
    int progressed = 0;
    for (ActiveDelivery a : all) {
      if (System.nanoTime() > deadline) {
        break;
      }
      if (a.status() == DeliveryStatus.DELIVERED) {
        release(a, now);
        continue;
      }
      if (resyncDue(a, now)) {
        if (resync(a)) {
          progressed++;
        }
        continue;
      }
      Optional<DroneView> report = s.fleet().reported(a.droneId());
      if (report.isEmpty() || progress.advance(a.asDocument(), report.get()).isEmpty()) {
        continue;
      }
      if (advance(a, report.get(), now)) {
        progressed++;
      }
    }
    return progressed;
  }

  private boolean advance(ActiveDelivery a, DroneView report, Instant now) {
    UpdateOutcome<DeliveryDocument> u =
        s.committer()
            .updateDelivery(
                a.deliveryId(),
                current ->
                    progress.change(current.filter(d -> a.droneId().equals(d.droneId())), report));
    Optional<DeliveryDocument> kvDoc;
    if (u instanceof UpdateOutcome.Updated<DeliveryDocument> up) {
      kvDoc = Optional.of(up.current().value());
    } else if (u instanceof UpdateOutcome.Declined<DeliveryDocument> d) {
      kvDoc = d.current().map(Versioned::value);
    } else {
      return false; // contended: next tick
    }
    return catchUp(a, kvDoc, now);
  }

  /**
   * After a restore (or when a delivery has not moved for RECONCILE_INTERVAL_MS) the KV may be
   * ahead of what this task emitted: an earlier owner wrote it and crashed before its Kafka commit,
   * or the drone already flew on. The tracked delivery is caught up with the KV without telemetry.
   */
  private boolean resyncDue(ActiveDelivery a, Instant now) {
    Instant last = lastResync.get(a.droneId());
    if (last == null) {
      lastResync.put(a.droneId(), now);
      return resyncAll;
    }
    if (now.isBefore(last.plus(cfg.reconcileInterval()))) {
      return false;
    }
    lastResync.put(a.droneId(), now);
    return true;
  }

  private boolean resync(ActiveDelivery a) {
    return catchUp(a, s.committer().readDelivery(a.deliveryId()).map(Versioned::value), now());
  }

  /** Emits every status the KV document reached beyond what this task emitted for it. */
  private boolean catchUp(ActiveDelivery a, Optional<DeliveryDocument> kvDoc, Instant now) {
    if (kvDoc.isEmpty()
        || !a.droneId().equals(kvDoc.get().droneId())
        || kvDoc.get().status() == DeliveryStatus.PENDING) {
      log.warn(
          "[dispatcher] delivery {} is no longer {}'s in the KV, tracking dropped",
          a.deliveryId(),
          a.droneId());
      active.delete(a.droneId());
      return false;
    }
    DeliveryDocument doc = kvDoc.get();
    int from = a.level();
    int to = ActiveDelivery.level(doc.status(), doc.leg());
    if (to <= from) {
      return false;
    }
    Instant stageAt = doc.assignedAt();
    for (int level = from + 1; level <= to; level++) {
      stageAt = levelTime(doc, level, stageAt);
      emitLevel(a, level, stageAt);
    }
    ActiveDelivery next = a.at(doc.status(), doc.leg());
    active.put(a.droneId(), next);
    markEmitted(a.deliveryId(), a.assignedAt(), to);
    lastResync.put(a.droneId(), now);
    if (doc.status() == DeliveryStatus.DELIVERED) {
      s.metrics().delivered();
      log.info("[dispatcher] DELIVERED {} by {}", a.deliveryId(), a.droneId());
      release(next, now);
    }
    return true;
  }

  /**
   * When the KV document says a level was reached, never before the previous level; the clock where
   * the document keeps no time.
   */
  private Instant levelTime(DeliveryDocument doc, int level, Instant previous) {
    Instant at =
        switch (level) {
          case 1 -> doc.inFlightAt();
          case 2 -> doc.pickedUpAt();
          case 3 -> doc.deliveredAt();
          default -> null;
        };
    Instant stamped = at != null ? at : now();
    return previous != null && previous.isAfter(stamped) ? previous : stamped;
  }

  private void emitLevel(ActiveDelivery a, int level, Instant now) {
    switch (level) {
      case 1:
        emitStatus(
            a.deliveryId(),
            DeliveryStatus.IN_FLIGHT,
            a.droneId(),
            Leg.TO_ORIGIN,
            a.requestedAt(),
            "in_flight",
            null,
            now);
        break;
      case 2:
        emitStatus(
            a.deliveryId(),
            DeliveryStatus.IN_FLIGHT,
            a.droneId(),
            Leg.TO_DESTINATION,
            a.requestedAt(),
            "picked_up",
            null,
            now);
        break;
      case 3:
        emitStatus(
            a.deliveryId(),
            DeliveryStatus.DELIVERED,
            a.droneId(),
            null,
            a.requestedAt(),
            "delivered",
            null,
            now);
        break;
      default:
        break;
    }
  }

  /**
   * Frees the drone of a delivered delivery; kept for the next tick if the KV cannot answer. If the
   * drone is already idle, an earlier release whose outcome or event was lost (an aborted
   * transaction, a timed-out call) or reconcile freed it: the busy→idle event is emitted anyway,
   * since it states what the KV holds. A drone busy with another delivery gets no event (its newer
   * idle→busy supersedes).
   */
  private void release(ActiveDelivery a, Instant now) {
    FleetCommands.Outcome o = s.fleetCommands().release(a.droneId(), a.deliveryId());
    if (o.applied()) {
      transitioned(
          new FleetTransition(
              a.droneId(), DroneStatus.BUSY, DroneStatus.IDLE, FleetTransition.DELIVERED),
          now);
      active.delete(a.droneId());
    } else if (o.current().isPresent()) {
      DroneDocument current = o.current().get();
      learn(current, now);
      if (current.currentDelivery() == null) {
        emitFleet(a.droneId(), DroneStatus.BUSY, current.status(), FleetTransition.DELIVERED, now);
      }
      active.delete(a.droneId());
    }
  }

  // ---------------------------------------------------------------- stores and output

  private void addPending(DeliveryRequested req, long recordTs) {
    Instant at = req.requestedAt() != null ? req.requestedAt() : Instant.ofEpochMilli(recordTs);
    String key = String.format("%013d:%s", at.toEpochMilli(), req.id());
    pending.put(key, req);
    pendingIds.put(req.id(), key);
    backlog.merge(classOf(req), 1, Integer::sum);
  }

  private void removePending(DeliveryRequested req) {
    String key = pendingIds.get(req.id());
    if (key != null) {
      pending.delete(key);
      pendingIds.delete(req.id());
      backlog.merge(classOf(req), -1, Integer::sum);
    }
  }

  private void report(long wallMs) {
    Map<WeightClass, Instant> oldest = new EnumMap<>(WeightClass.class);
    List<DeliveryRequested> waiting = new ArrayList<>();
    scanOldestPending(oldest, waiting);
    BacklogReport r =
        new BacklogReport(
            context.taskId().partition(), backlog, oldest, waiting, Instant.ofEpochMilli(wallMs));
    if (!r.samePendingAs(lastReport) || wallMs - lastReportMs >= REPORT_EVERY_MS) {
      context.forward(new Record<>(DispatchTopology.FLEET_KEY, new Outbound.Backlog(r), wallMs));
      lastReport = r;
      lastReportMs = wallMs;
    }
  }

  /**
   * When the oldest pending delivery of each class was requested, and the FAIRNESS_WINDOW oldest
   * pending deliveries of each class: the pending store is in request order, so the scan stops once
   * every class with a backlog has filled its window (bounded by PENDING_SCAN_LIMIT).
   */
  private void scanOldestPending(
      Map<WeightClass, Instant> oldest, List<DeliveryRequested> waiting) {
    Map<WeightClass, Integer> shown = new EnumMap<>(WeightClass.class);
    int window = Math.max(1, cfg.fairnessWindow());
    long classes = backlog.values().stream().filter(n -> n > 0).count();
    long filled = 0;
    int scanned = 0;
    try (KeyValueIterator<String, DeliveryRequested> it = pending.all()) {
      while (it.hasNext() && filled < classes && scanned++ < cfg.pendingScanLimit()) {
        DeliveryRequested req = it.next().value;
        WeightClass c = classOf(req);
        int n = shown.merge(c, 1, Integer::sum);
        if (n == window) {
          filled++;
        }
        if (n > window || req.requestedAt() == null) {
          continue;
        }
        oldest.putIfAbsent(c, req.requestedAt());
        if (n <= cfg.fairnessWindow()) {
          waiting.add(req);
        }
      }
    }
  }

  private void transitioned(FleetTransition t, Instant now) {
    s.fleet().onDecision(t.droneId(), t.to(), null, now);
    emitFleet(t.droneId(), t.from(), t.to(), t.reason(), now);
  }

  private void learn(DroneDocument doc, Instant now) {
    s.fleet().onDecision(doc.id(), doc.status(), doc.currentDelivery(), now);
  }

  private void emitStatus(
      String deliveryId,
      DeliveryStatus status,
      String droneId,
      Leg leg,
      Instant requestedAt,
      String reason,
      AssignmentDecision decision,
      Instant now) {
    DeliveryStatusChanged e =
        new DeliveryStatusChanged(
            deliveryId, status, droneId, leg, now, requestedAt, reason, decision);
    context.forward(new Record<>(deliveryId, new Outbound.Status(e), now.toEpochMilli()));
  }

  private void emitFleet(
      String droneId, DroneStatus from, DroneStatus to, String reason, Instant now) {
    s.metrics().transition(reason);
    context.forward(
        new Record<>(
            droneId,
            new Outbound.Fleet(new FleetEvent(droneId, from, to, reason, now)),
            now.toEpochMilli()));
  }

  /** The decision clock, read at each decision so timestamps follow the KV's causal order. */
  private Instant now() {
    return Instant.now(s.clock());
  }

  private static WeightClass classOf(DeliveryRequested r) {
    return r.weightClass() != null ? r.weightClass() : WeightClass.forWeight(r.weight());
  }
}
