package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.fleet.DeliveryProgress;
import dev.dronedispatch.dispatch.fleet.FeasibilityBook;
import dev.dronedispatch.dispatch.fleet.LivenessJudge;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery-keyed dispatch task, a router over its steps. A request joins the {@link
 * PendingQueue} without any KV work in the record's path. The requests that arrived meanwhile and
 * found no older delivery of their class waiting are assigned together by the {@link Assigner} (a
 * few batched KV round trips, whatever their number) once the epoch of the first of them is over or
 * they fill a round ({@link ArrivalBatch}, {@link BatchCadence}). Every ASSIGNER_TICK_MS a full
 * round runs: the {@link ProgressTracker} carries the assigned deliveries forward from telemetry,
 * the assigner retries the queue oldest first, and the backlog report goes to the fleet governor
 * and the backlog board. A round's work is bounded by the active deliveries (at most one per
 * drone), PENDING_SCAN_LIMIT, MAX_ASSIGN_PER_ROUND and ROUND_BUDGET_MS, never by the deliveries
 * ever created.
 */
final class DispatchProcessor implements Processor<String, DeliveryRequested, String, Outbound> {

  private static final Logger log = LoggerFactory.getLogger("dispatcher");
  private static final long REPORT_EVERY_MS = 1000;

  private final DispatchServices s;
  private final DispatchConfig cfg;

  private ProcessorContext<String, Outbound> context;
  private int partition;
  private PendingQueue queue;
  private ArrivalBatch arrivals;
  private BatchCadence.Gate roundGate;
  private ProgressTracker tracker;
  private PendingDeadline deadline;
  private Assigner assigner;
  private DispatchOutput out;
  private BacklogReport lastReport;
  private long lastReportMs;
  private long nextRecheckMs; // 0: the first round after (re)start rechecks the restored queue

  DispatchProcessor(DispatchServices services) {
    this.s = services;
    this.cfg = services.config();
  }

  @Override
  public void init(ProcessorContext<String, Outbound> context) {
    this.context = context;
    partition = context.taskId().partition();
    nextRecheckMs = 0;
    s.committer().forgetReadPending(); // another instance may have assigned what this one read
    out = new DispatchOutput(context, s.fleet(), s.metrics());
    queue =
        new PendingQueue(
            context.getStateStore(DispatchTopology.PENDING_STORE),
            context.getStateStore(DispatchTopology.PENDING_IDS_STORE));
    arrivals = new ArrivalBatch(s.cadence(), cfg.maxAssignPerRound());
    roundGate = s.cadence().gate();
    StageLedger ledger = new StageLedger(context.getStateStore(DispatchTopology.ANNOUNCED_STORE));
    tracker =
        new ProgressTracker(
            context.getStateStore(DispatchTopology.ACTIVE_STORE),
            ledger,
            out,
            s.fleet(),
            s.committer(),
            s.fleetCommands(),
            s.metrics(),
            new DeliveryProgress(cfg.arriveEpsKm()),
            cfg.reconcileInterval(),
            new LivenessJudge(cfg.droneLostAfter()),
            this::requeue,
            s.clock());
    deadline =
        new PendingDeadline(
            cfg.pendingDeadline(),
            cfg.maxAssignPerRound(),
            s.committer(),
            ledger,
            out,
            s.metrics());
    assigner =
        new Assigner(
            partition,
            s.fleet(),
            s.picker(),
            s.backlogBoard(),
            s.olderClaims(),
            s.committer(),
            new PickConsequences(
                s.fleetCommands(),
                new FeasibilityBook(cfg.earlyChargeThreshold()),
                new ChargeLog(cfg.debugCharge()),
                out,
                s.clock()),
            tracker,
            new KvAheadRecovery(ledger, tracker, deadline, cfg.dedupRetention()),
            new WaitingReasons(out),
            out,
            s.metrics());
    context.schedule(cfg.assignerTick(), PunctuationType.WALL_CLOCK_TIME, this::round);
    if (!cfg.newArrivalsBatch().isZero()) {
      context.schedule(
          cfg.newArrivalsBatch(),
          PunctuationType.WALL_CLOCK_TIME,
          wallMs -> {
            if (arrivals.due(queue.newArrivalCount(), wallMs)) {
              assignNewArrivals();
            }
          });
    }
  }

  @Override
  public void process(Record<String, DeliveryRequested> record) {
    DeliveryRequested req = record.value();
    if (req == null) {
      log.warn("[dispatcher] ignored a request without a value, key={}", record.key());
      return;
    }
    if (req.id() == null || req.origin() == null || req.destination() == null) {
      // to the dead-letter topic, by the processing-error handler (see DeadLetters)
      throw new MalformedRequestException(record.key());
    }
    if (queue.contains(req.id())) {
      return; // a republished request of a delivery already waiting here
    }
    queue.add(req, record.timestamp());
    int waiting = queue.newArrivalCount();
    long nowMs = context.currentSystemTimeMs();
    s.metrics().intake(Duration.ofMillis(Math.max(0, nowMs - record.timestamp())));
    arrivals.arrived(waiting, nowMs);
    if (cfg.newArrivalsBatch().isZero() || arrivals.due(waiting, nowMs)) {
      assignNewArrivals();
    }
  }

  /** The requests that arrived since the last batch, assigned together; the rest wait. */
  private void assignNewArrivals() {
    if (queue.newArrivalCount() == 0) {
      return;
    }
    Instant began = now();
    try {
      assigner.assignNew(
          queue.takeNewArrivals(),
          queue::remove,
          cfg.maxAssignPerRound(),
          began,
          cfg.roundBudget());
    } catch (KvUnavailableException e) {
      s.metrics().kvUnavailable("request");
      log.warn("[dispatcher] KV unavailable, new requests wait for the round: {}", e.getMessage());
    } finally {
      s.cadence().worked(Duration.between(began, now()));
    }
  }

  private void round(long wallMs) {
    if (!roundGate.open(wallMs)) {
      return; // this epoch's round ran already
    }
    if (arrivals.due(queue.newArrivalCount(), wallMs)) {
      assignNewArrivals();
    }
    Instant now = now();
    try {
      recheckWaiting(wallMs, now);
      deadline.failOverdue(queue, now);
      int progressed = tracker.advanceAll(now);
      if (progressed > 0) {
        log.info("[dispatcher] progressed={}", progressed);
      }
      int assigned =
          assigner.retry(
              queue, cfg.pendingScanLimit(), cfg.maxAssignPerRound(), now, cfg.roundBudget());
      if (assigned > 0) {
        log.info("[dispatcher] round assigned={}", assigned);
      }
    } catch (KvUnavailableException e) {
      s.metrics().kvUnavailable("tick");
      log.warn("[dispatcher] KV unavailable, round cut short: {}", e.getMessage());
    } finally {
      s.cadence().worked(Duration.between(now, now()));
    }
    report(wallMs);
  }

  /**
   * Every RECONCILE_INTERVAL_MS, and in the first round after the task (re)started, the oldest
   * waiting deliveries are read again (see {@link Assigner#recheck}).
   */
  private void recheckWaiting(long wallMs, Instant now) {
    if (wallMs < nextRecheckMs) {
      return;
    }
    int settled = assigner.recheck(queue, cfg.pendingScanLimit(), now);
    nextRecheckMs = wallMs + cfg.reconcileInterval().toMillis();
    if (settled > 0) {
      s.metrics().rechecked(settled);
      log.info("[dispatcher] recheck: {} waiting deliveries were past pending in the KV", settled);
    }
  }

  /** A delivery handed back by its lost drone waits again, in its request's place. */
  private void requeue(DeliveryRequested req) {
    if (!queue.contains(req.id())) {
      queue.add(req, context.currentSystemTimeMs());
    }
  }

  /** The backlog report, sent when it changed and at least every second. */
  private void report(long wallMs) {
    BacklogReport r =
        queue.report(
            partition, Instant.ofEpochMilli(wallMs), cfg.fairnessWindow(), cfg.pendingScanLimit());
    if (!r.samePendingAs(lastReport) || wallMs - lastReportMs >= REPORT_EVERY_MS) {
      out.backlog(r, wallMs);
      lastReport = r;
      lastReportMs = wallMs;
    }
  }

  /** The decision clock, read at each decision so timestamps follow the KV's causal order. */
  private Instant now() {
    return Instant.now(s.clock());
  }
}
