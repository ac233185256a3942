package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.gateway.admission.ClassBacklog;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Live KPIs folded from the topics the gateway consumes: the latest state per drone (telemetry and
 * fleet events, each by its own event time), pending deliveries (requested, not yet progressed, or
 * handed back), active ones, the delivered rate, the failures of the last hour by reason and
 * request→assigned / request→delivered latencies over a sliding window, and each weight class's
 * backlog for admission control (pending count, oldest pending, deliveries that left the queue for
 * a drone recently). Duplicate and out-of-order events are tolerated. Not thread-safe: one thread
 * feeds it. Pure: no I/O, the caller passes the time.
 */
public final class KpiAggregator {

  static final Duration LATENCY_WINDOW = Duration.ofMinutes(5);
  static final int MAX_SAMPLES = 10_000;
  private static final int MAX_PROGRESSED = 100_000;

  /** How far back the {@code failed_last_hour} KPI counts. */
  static final Duration FAILURE_WINDOW = Duration.ofHours(1);

  /** The failures kept for the KPI and GET /deliveries?status=failed, the oldest dropped first. */
  static final int MAX_FAILURES = 10_000;

  /** The reason a failure without one is counted under. */
  static final String UNKNOWN_REASON = "unknown";

  /**
   * A drone as last heard of: its class from telemetry, its status from fleet events (the
   * dispatcher's word) or, for a drone no fleet event named since, from its telemetry. Each source
   * is ordered by its own event time: telemetry keeps flowing while the dispatcher decides, so a
   * fleet event may carry an earlier time than the newest telemetry and still be the latest word on
   * the status.
   */
  private record DroneState(
      WeightClass type, DroneStatus status, Instant telemetryTs, Instant fleetTs) {}

  /** A delivery that failed: when (event time, null when the event had none) and why. */
  private record Failure(String deliveryId, Instant at, String reason) {}

  private record Sample(Instant at, double ms) {}

  private record Progress(DeliveryStage stage, WeightClass weightClass) {}

  private final Map<String, DroneState> drones = new HashMap<>();
  private final PendingBook pending = new PendingBook();
  private final Set<String> active = new HashSet<>();
  private final Map<String, Progress> progressed =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Progress> eldest) {
          return size() > MAX_PROGRESSED;
        }
      };

  /** Per class, when deliveries left the queue (event time), oldest first. */
  private final Map<WeightClass, ArrayDeque<Instant>> dequeued = new EnumMap<>(WeightClass.class);

  /** The earliest event time folded: how much history the rates can rest on. */
  private Instant observingSince;

  private final ArrayDeque<Instant> delivered = new ArrayDeque<>();
  private final ArrayDeque<Sample> assignLatency = new ArrayDeque<>();
  private final ArrayDeque<Sample> deliverLatency = new ArrayDeque<>();

  /** Failures in the order they were heard, oldest first. */
  private final ArrayDeque<Failure> failures = new ArrayDeque<>();

  /** The failed ids, latest first, as last handed out; null when a failure came since. */
  private List<String> failedIds = List.of();

  public void onTelemetry(DroneTelemetry t) {
    if (t.droneId() == null || t.ts() == null) {
      return;
    }
    DroneState prev = drones.get(t.droneId());
    if (prev != null && prev.telemetryTs() != null && t.ts().isBefore(prev.telemetryTs())) {
      return;
    }
    WeightClass type = t.type() != null ? t.type() : prev == null ? null : prev.type();
    DroneStatus status = prev == null ? null : prev.status();
    // the simulator's view of the status lags the dispatcher's: it fills in a status no newer
    // fleet event set, and never ends lost (a stuck drone keeps reporting; only "found" ends it)
    boolean newerThanFleet =
        prev == null || prev.fleetTs() == null || t.ts().isAfter(prev.fleetTs());
    if (t.status() != null && newerThanFleet && status != DroneStatus.LOST) {
      status = t.status();
    }
    drones.put(
        t.droneId(), new DroneState(type, status, t.ts(), prev == null ? null : prev.fleetTs()));
  }

  public void onFleet(FleetEvent e) {
    if (e.droneId() == null || e.ts() == null || e.to() == null) {
      return;
    }
    DroneState prev = drones.get(e.droneId());
    if (prev != null && prev.fleetTs() != null && e.ts().isBefore(prev.fleetTs())) {
      return;
    }
    drones.put(
        e.droneId(),
        prev == null
            ? new DroneState(null, e.to(), null, e.ts())
            : new DroneState(prev.type(), e.to(), prev.telemetryTs(), e.ts()));
  }

  public void onRequested(DeliveryRequested r) {
    if (r.id() == null || progressed.containsKey(r.id())) {
      return;
    }
    observed(r.requestedAt());
    pending.addIfAbsent(
        r.id(), r.requestedAt() != null ? r.requestedAt() : Instant.EPOCH, r.weightClass());
  }

  /**
   * Folds a status change. A delivery moves forward through its stages, with two exceptions the
   * dispatcher decides: back to pending (its drone was lost before the pickup, or the assignment
   * was rolled back), which is never a stale event since one delivery's events come in order on its
   * partition; and failed, from any stage. Nothing moves a delivered or failed one.
   */
  public void onStatus(DeliveryStatusChanged s) {
    if (s.deliveryId() == null || s.status() == null) {
      return;
    }
    observed(s.ts());
    String id = s.deliveryId();
    Progress before = progressed.get(id);
    if (before != null && before.stage().isTerminal()) {
      return;
    }
    if (s.status() == DeliveryStatus.PENDING) {
      handedBack(id, s, before);
      return;
    }
    PendingBook.Pending left = pending.remove(id).orElse(null);
    WeightClass weightClass =
        left != null ? left.weightClass() : before == null ? null : before.weightClass();
    if (s.status() == DeliveryStatus.FAILED) {
      // out of the queue or off its drone, but not for an assignment: not a departure
      failed(id, s, weightClass);
      return;
    }
    if (left != null && left.weightClass() != null && s.ts() != null) {
      dequeued(left.weightClass()).addLast(s.ts());
    }
    boolean advanced = before == null || s.stage().isAfter(before.stage());
    if (!advanced) {
      return;
    }
    progressed.put(id, new Progress(s.stage(), weightClass));
    if (s.status() == DeliveryStatus.DELIVERED) {
      active.remove(id);
      if (s.ts() != null) {
        delivered.addLast(s.ts());
        latency(deliverLatency, s);
      }
    } else {
      active.add(id);
      // a handed-back delivery's next assignment is a sample too: from the request, as it waited
      if (s.status() == DeliveryStatus.ASSIGNED
          || (before == null && s.status() == DeliveryStatus.IN_FLIGHT)) {
        latency(assignLatency, s);
      }
    }
  }

  /** Queues the delivery again, with the class it had; its progress is forgotten. */
  private void handedBack(String id, DeliveryStatusChanged s, Progress before) {
    active.remove(id);
    progressed.remove(id);
    Instant requestedAt = s.requestedAt() != null ? s.requestedAt() : s.ts();
    pending.addIfAbsent(
        id,
        requestedAt != null ? requestedAt : Instant.EPOCH,
        before == null ? null : before.weightClass());
  }

  private void failed(String id, DeliveryStatusChanged s, WeightClass weightClass) {
    active.remove(id);
    progressed.put(id, new Progress(DeliveryStage.FAILED, weightClass));
    failures.addLast(new Failure(id, s.ts(), s.reason()));
    if (failures.size() > MAX_FAILURES) {
      failures.removeFirst();
    }
    failedIds = null;
  }

  private void observed(Instant at) {
    if (at != null && (observingSince == null || at.isBefore(observingSince))) {
      observingSince = at;
    }
  }

  private ArrayDeque<Instant> dequeued(WeightClass c) {
    ArrayDeque<Instant> times = dequeued.computeIfAbsent(c, k -> new ArrayDeque<>());
    while (times.size() >= MAX_SAMPLES) {
      times.removeFirst();
    }
    return times;
  }

  /**
   * Each class's queue now: pending deliveries of the class, its oldest one's age, and how many
   * left the queue during the last {@code window} (or since the earliest event seen, when that is
   * more recent).
   */
  public List<ClassBacklog> backlog(Instant now, Duration window) {
    Duration history =
        observingSince == null || observingSince.isAfter(now)
            ? Duration.ZERO
            : Duration.between(observingSince, now);
    Duration observed = history.compareTo(window) < 0 ? history : window;
    Instant from = now.minus(observed);
    List<ClassBacklog> out = new ArrayList<>();
    for (WeightClass c : WeightClass.values()) {
      ArrayDeque<Instant> times = dequeued.getOrDefault(c, new ArrayDeque<>());
      while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(window))) {
        times.removeFirst();
      }
      // event times may be out of order by a little: count, do not assume sorted
      int recent = (int) times.stream().filter(t -> !t.isBefore(from) && !t.isAfter(now)).count();
      Instant first = pending.oldest(c).orElse(null);
      Duration age =
          first == null || first.isAfter(now) ? Duration.ZERO : Duration.between(first, now);
      out.add(new ClassBacklog(c, pending.count(c), age, recent, observed));
    }
    return out;
  }

  private static void latency(ArrayDeque<Sample> samples, DeliveryStatusChanged s) {
    Optional<Duration> since = s.sinceRequested();
    if (since.isEmpty()) {
      return;
    }
    samples.addLast(new Sample(s.ts(), since.get().toNanos() / 1e6));
    while (samples.size() > MAX_SAMPLES) {
      samples.removeFirst();
    }
  }

  /** The deliveries in progress (assigned or in flight), a copy. */
  public Set<String> activeDeliveryIds() {
    return Set.copyOf(active);
  }

  /**
   * The failed deliveries heard of (at most {@value #MAX_FAILURES}), the latest heard first;
   * immutable, and the same list until another one fails.
   */
  public List<String> failedDeliveryIds() {
    if (failedIds == null) {
      List<String> ids = new ArrayList<>(failures.size());
      failures.descendingIterator().forEachRemaining(f -> ids.add(f.deliveryId()));
      failedIds = List.copyOf(ids);
    }
    return failedIds;
  }

  public Kpis snapshot(Instant now) {
    Instant minuteAgo = now.minus(Duration.ofMinutes(1));
    while (!delivered.isEmpty() && delivered.peekFirst().isBefore(minuteAgo)) {
      delivered.removeFirst();
    }
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    for (DroneStatus s : DroneStatus.values()) {
      byStatus.put(s.wireName(), 0);
    }
    Map<String, Integer> byClass = new LinkedHashMap<>();
    for (WeightClass c : WeightClass.values()) {
      byClass.put(c.wireName(), 0);
    }
    for (DroneState d : drones.values()) {
      // a drone is one whose telemetry named its class: a fleet event alone may name an id that
      // was never registered (the dashboard counts by the same rule)
      if (d.status() != null && d.type() != null) {
        byStatus.merge(d.status().wireName(), 1, Integer::sum);
        byClass.merge(d.type().wireName(), 1, Integer::sum);
      }
    }
    Instant oldest = pending.oldest().orElse(null);
    double oldestAge =
        oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
    long recent = delivered.stream().filter(t -> !t.isAfter(now)).count();
    return new Kpis(
        now,
        byStatus,
        byClass,
        pending.size(),
        oldestAge,
        active.size(),
        recent,
        percentiles(assignLatency, now),
        percentiles(deliverLatency, now),
        failedSince(now.minus(FAILURE_WINDOW), now),
        null);
  }

  /** The failures heard of with an event time in [from, now], by reason. */
  private Kpis.Failures failedSince(Instant from, Instant now) {
    Map<String, Integer> byReason = new LinkedHashMap<>();
    byReason.put(DeliveryDocument.DRONE_LOST, 0);
    byReason.put(DeliveryDocument.NO_DRONE, 0);
    int total = 0;
    for (Failure f : failures) {
      if (f.at() != null && !f.at().isBefore(from) && !f.at().isAfter(now)) {
        total++;
        byReason.merge(f.reason() != null ? f.reason() : UNKNOWN_REASON, 1, Integer::sum);
      }
    }
    return new Kpis.Failures(total, byReason);
  }

  private static Kpis.Percentiles percentiles(ArrayDeque<Sample> samples, Instant now) {
    Instant from = now.minus(LATENCY_WINDOW);
    while (!samples.isEmpty() && samples.peekFirst().at().isBefore(from)) {
      samples.removeFirst();
    }
    if (samples.isEmpty()) {
      return new Kpis.Percentiles(null, null);
    }
    double[] ms = samples.stream().mapToDouble(Sample::ms).toArray();
    Arrays.sort(ms);
    return new Kpis.Percentiles(rank(ms, 0.50), rank(ms, 0.95));
  }

  /** Nearest-rank percentile of sorted values. */
  static double rank(double[] sorted, double q) {
    int idx = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }
}
