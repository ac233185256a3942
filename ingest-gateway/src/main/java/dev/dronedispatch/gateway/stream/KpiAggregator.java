package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Live KPIs folded from the topics the gateway consumes: the latest state per drone (telemetry and
 * fleet events, last writer by event time), pending deliveries (requested, not yet progressed),
 * active ones, the delivered rate and request→assigned / request→delivered latencies over a sliding
 * window. Duplicate and out-of-order events are tolerated. Not thread-safe: one thread feeds it.
 * Pure: no I/O, the caller passes the time.
 */
public final class KpiAggregator {

  static final Duration LATENCY_WINDOW = Duration.ofMinutes(5);
  static final int MAX_SAMPLES = 10_000;
  private static final int MAX_PROGRESSED = 100_000;

  private record DroneState(WeightClass type, DroneStatus status, Instant ts) {}

  private record Sample(Instant at, double ms) {}

  private final Map<String, DroneState> drones = new HashMap<>();
  private final Map<String, Instant> pending = new HashMap<>();
  private final Set<String> active = new HashSet<>();
  private final Map<String, DeliveryStatus> progressed =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeliveryStatus> eldest) {
          return size() > MAX_PROGRESSED;
        }
      };
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
    pending.putIfAbsent(r.id(), r.requestedAt() != null ? r.requestedAt() : Instant.EPOCH);
  }

  public void onStatus(DeliveryStatusChanged s) {
    if (s.deliveryId() == null || s.status() == null) {
      return;
    }
    String id = s.deliveryId();
    DeliveryStatus before = progressed.get(id);
    if (s.status() == DeliveryStatus.PENDING) {
      active.remove(id);
      if (before != DeliveryStatus.DELIVERED) {
        progressed.remove(id);
        pending.putIfAbsent(id, s.requestedAt() != null ? s.requestedAt() : s.ts());
      }
      return;
    }
    pending.remove(id);
    boolean advanced = before == null || s.status().ordinal() > before.ordinal();
    if (!advanced) {
      return;
    }
    progressed.put(id, s.status());
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
      if (d.status() != null) {
        byStatus.merge(d.status().wireName(), 1, Integer::sum);
      }
      if (d.type() != null) {
        byClass.merge(d.type().wireName(), 1, Integer::sum);
      }
    }
    Instant oldest = pending.values().stream().min(Instant::compareTo).orElse(null);
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
        percentiles(deliverLatency, now));
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
