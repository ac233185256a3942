package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.gateway.admission.ClassBacklog;
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
import java.util.Set;

/**
 * Live KPIs folded from the topics the gateway consumes: the latest state per drone (telemetry and
 * fleet events, last writer by event time), pending deliveries (requested, not yet progressed),
 * active ones, the delivered rate and request→assigned / request→delivered latencies over a sliding
 * window, and each weight class's backlog for admission control (pending count, oldest pending,
 * deliveries that left the queue recently). Duplicate and out-of-order events are tolerated. Not
 * thread-safe: one thread feeds it. Pure: no I/O, the caller passes the time.
 */
public final class KpiAggregator {

  static final Duration LATENCY_WINDOW = Duration.ofMinutes(5);
  static final int MAX_SAMPLES = 10_000;
  private static final int MAX_PROGRESSED = 100_000;

  private record DroneState(WeightClass type, DroneStatus status, Instant ts) {}

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

  public void onTelemetry(DroneTelemetry t) {
    if (t.droneId() == null || t.ts() == null) {
      return;
    }
    DroneState prev = drones.get(t.droneId());
    if (prev == null || !t.ts().isBefore(prev.ts())) {
      WeightClass type = t.type() != null ? t.type() : prev == null ? null : prev.type();
      DroneStatus status = t.status() != null ? t.status() : prev == null ? null : prev.status();
      drones.put(t.droneId(), new DroneState(type, status, t.ts()));
    }
  }

  public void onFleet(FleetEvent e) {
    if (e.droneId() == null || e.ts() == null || e.to() == null) {
      return;
    }
    DroneState prev = drones.get(e.droneId());
    if (prev == null || !e.ts().isBefore(prev.ts())) {
      drones.put(e.droneId(), new DroneState(prev == null ? null : prev.type(), e.to(), e.ts()));
    }
  }

  public void onRequested(DeliveryRequested r) {
    if (r.id() == null || progressed.containsKey(r.id())) {
      return;
    }
    observed(r.requestedAt());
    pending.addIfAbsent(
        r.id(), r.requestedAt() != null ? r.requestedAt() : Instant.EPOCH, r.weightClass());
  }

  public void onStatus(DeliveryStatusChanged s) {
    if (s.deliveryId() == null || s.status() == null) {
      return;
    }
    observed(s.ts());
    String id = s.deliveryId();
    Progress before = progressed.get(id);
    if (s.status() == DeliveryStatus.PENDING) {
      active.remove(id);
      if (before == null || before.stage() != DeliveryStage.DELIVERED) {
        progressed.remove(id);
        Instant requestedAt = s.requestedAt() != null ? s.requestedAt() : s.ts();
        pending.addIfAbsent(
            id,
            requestedAt != null ? requestedAt : Instant.EPOCH,
            before == null ? null : before.weightClass());
      }
      return;
    }
    PendingBook.Pending left = pending.remove(id).orElse(null);
    if (left != null && left.weightClass() != null && s.ts() != null) {
      dequeued(left.weightClass()).addLast(s.ts());
    }
    boolean advanced = before == null || s.stage().isAfter(before.stage());
    if (!advanced) {
      return;
    }
    WeightClass weightClass =
        left != null ? left.weightClass() : before == null ? null : before.weightClass();
    progressed.put(id, new Progress(s.stage(), weightClass));
    if (s.status() == DeliveryStatus.DELIVERED) {
      active.remove(id);
      if (s.ts() != null) {
        delivered.addLast(s.ts());
        latency(deliverLatency, s);
      }
    } else {
      active.add(id);
      if (s.status() == DeliveryStatus.ASSIGNED
          || (before == null && s.status() == DeliveryStatus.IN_FLIGHT)) {
        latency(assignLatency, s);
      }
    }
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
    if (s.requestedAt() == null || s.ts() == null) {
      return;
    }
    double ms = Duration.between(s.requestedAt(), s.ts()).toNanos() / 1e6;
    if (ms < 0) {
      return;
    }
    samples.addLast(new Sample(s.ts(), ms));
    while (samples.size() > MAX_SAMPLES) {
      samples.removeFirst();
    }
  }

  /** The deliveries in progress (assigned or in flight), a copy. */
  public Set<String> activeDeliveryIds() {
    return Set.copyOf(active);
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
        null);
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
