package dev.dronedispatch.ordergen.measure;

import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request → assigned and request → delivered latencies of the orders this run created, from the
 * {@code deliveries.status} events. Latencies start at the order's <em>intended</em> send time, so
 * they include any time the generator itself fell behind (coordinated-omission corrected). An event
 * can arrive before the POST answer tells us the id; it is parked until the id is known. The HTTP
 * threads and the status follower call it at once, so each change is made under the tracker's lock:
 * otherwise an event could be parked just after its id became known (and never counted), or counted
 * twice.
 */
public final class DeliveryTracker {

  private record Tracked(long intendedEpochNanos, boolean assigned) {}

  private final Map<String, Tracked> open = new ConcurrentHashMap<>();
  private final Map<String, Instant> earlyAssigned = new ConcurrentHashMap<>();
  private final Map<String, Instant> earlyDelivered = new ConcurrentHashMap<>();
  private final LatencyMetric toAssigned = new LatencyMetric();
  private final LatencyMetric toDelivered = new LatencyMetric();

  /** A delivery this run created, with the wall-clock time its request was due. */
  public synchronized void accepted(String id, long intendedEpochNanos) {
    Tracked t = open.merge(id, new Tracked(intendedEpochNanos, false), (a, b) -> a);
    Instant assigned = earlyAssigned.remove(id);
    if (assigned != null) {
      markAssigned(id, t, assigned);
    }
    Instant delivered = earlyDelivered.remove(id);
    if (delivered != null) {
      markDelivered(id, delivered);
    }
  }

  public synchronized void onStatus(DeliveryStatusChanged event, Instant received) {
    Instant at = event.ts() != null ? event.ts() : received;
    String id = event.deliveryId();
    if (id == null || event.status() == null) {
      return;
    }
    Tracked t = open.get(id);
    if (event.status() == DeliveryStatus.ASSIGNED) {
      if (t == null) {
        earlyAssigned.putIfAbsent(id, at);
      } else {
        markAssigned(id, t, at);
      }
    } else if (event.status() == DeliveryStatus.DELIVERED) {
      if (t == null) {
        earlyDelivered.putIfAbsent(id, at);
      } else {
        markDelivered(id, at);
      }
    }
  }

  private void markAssigned(String id, Tracked t, Instant at) {
    if (!t.assigned()) {
      open.computeIfPresent(id, (k, v) -> new Tracked(v.intendedEpochNanos(), true));
      toAssigned.recordNanos(nanos(at) - t.intendedEpochNanos());
    }
  }

  private void markDelivered(String id, Instant at) {
    Tracked t = open.remove(id);
    if (t != null) {
      if (!t.assigned()) {
        toAssigned.recordNanos(nanos(at) - t.intendedEpochNanos());
      }
      toDelivered.recordNanos(nanos(at) - t.intendedEpochNanos());
    }
  }

  /** Drops parked events older than {@code horizon} (ids from other runs or other clients). */
  public synchronized void forgetParkedBefore(Instant horizon) {
    earlyAssigned.values().removeIf(i -> i.isBefore(horizon));
    earlyDelivered.values().removeIf(i -> i.isBefore(horizon));
  }

  private static long nanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  public LatencyMetric toAssigned() {
    return toAssigned;
  }

  public LatencyMetric toDelivered() {
    return toDelivered;
  }

  public synchronized long awaitingAssignment() {
    return open.values().stream().filter(t -> !t.assigned()).count();
  }

  public synchronized long awaitingDelivery() {
    return open.size();
  }
}
