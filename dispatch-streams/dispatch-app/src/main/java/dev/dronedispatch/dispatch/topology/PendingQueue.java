package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.kv.TimeKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A dispatch task's deliveries waiting for a drone, in request order: a store keyed {@code
 * {requested_at ms, 13 digits}:{id}} (so iteration is oldest first), an id index, and the count per
 * class kept in memory (rebuilt from the store on start).
 *
 * <p>A request that finds no older delivery of its class waiting is a <em>new arrival</em>: it is
 * stored like the others (so a crash cannot lose it) and also listed, in arrival order, for the
 * next batch of new arrivals, which the assigner tries before the round over the whole queue. A
 * request that finds older ones of its class waiting queues behind them. The list of new arrivals
 * is memory only: after a restart every stored delivery simply waits for the round.
 */
final class PendingQueue {

  private final KeyValueStore<String, DeliveryRequested> byAge;
  private final KeyValueStore<String, String> keyById;
  private final Map<WeightClass, Integer> counts = new EnumMap<>(WeightClass.class);
  private final Map<WeightClass, Integer> newCounts = new EnumMap<>(WeightClass.class);
  private final Map<String, DeliveryRequested> newArrivals = new LinkedHashMap<>();

  PendingQueue(
      KeyValueStore<String, DeliveryRequested> byAge, KeyValueStore<String, String> keyById) {
    this.byAge = byAge;
    this.keyById = keyById;
    for (WeightClass c : WeightClass.values()) {
      counts.put(c, 0);
      newCounts.put(c, 0);
    }
    try (KeyValueIterator<String, DeliveryRequested> it = byAge.all()) {
      while (it.hasNext()) {
        counts.merge(classOf(it.next().value), 1, Integer::sum);
      }
    }
  }

  static WeightClass classOf(DeliveryRequested r) {
    return r.weightClass() != null ? r.weightClass() : WeightClass.forWeight(r.weight());
  }

  boolean contains(String deliveryId) {
    return keyById.get(deliveryId) != null;
  }

  /**
   * Whether a delivery of {@code c} waits for the round (not a new arrival): a new one of that
   * class goes behind it.
   */
  boolean hasWaiting(WeightClass c) {
    return counts.get(c) - newCounts.get(c) > 0;
  }

  /**
   * Queues {@code req} by its request time (the record's time when it carries none), as a new
   * arrival when no older delivery of its class waits.
   */
  void add(DeliveryRequested req, long recordTs) {
    WeightClass c = classOf(req);
    if (!hasWaiting(c)) {
      newArrivals.put(req.id(), req);
      newCounts.merge(c, 1, Integer::sum);
    }
    long at = req.requestedAt() != null ? req.requestedAt().toEpochMilli() : recordTs;
    String key = TimeKey.of(at, req.id());
    byAge.put(key, req);
    keyById.put(req.id(), key);
    counts.merge(c, 1, Integer::sum);
  }

  void remove(DeliveryRequested req) {
    String key = keyById.get(req.id());
    if (key != null) {
      byAge.delete(key);
      keyById.delete(req.id());
      counts.merge(classOf(req), -1, Integer::sum);
    }
    forgetNew(req);
  }

  int newArrivalCount() {
    return newArrivals.size();
  }

  /**
   * The new arrivals in arrival order; they stop being new, so whichever of them stays in the queue
   * waits for the round from now on.
   */
  List<DeliveryRequested> takeNewArrivals() {
    List<DeliveryRequested> out = new ArrayList<>(newArrivals.values());
    newArrivals.clear();
    newCounts.replaceAll((c, n) -> 0);
    return out;
  }

  private void forgetNew(DeliveryRequested req) {
    if (newArrivals.remove(req.id()) != null) {
      newCounts.merge(classOf(req), -1, Integer::sum);
    }
  }

  /**
   * The {@code limit} oldest waiting deliveries, oldest first, without the new arrivals (they wait
   * for their own batch).
   */
  List<DeliveryRequested> oldest(int limit) {
    List<DeliveryRequested> out = new ArrayList<>();
    try (KeyValueIterator<String, DeliveryRequested> it = byAge.all()) {
      while (it.hasNext() && out.size() < limit) {
        DeliveryRequested req = it.next().value;
        if (!newArrivals.containsKey(req.id())) {
          out.add(req);
        }
      }
    }
    return out;
  }

  /**
   * The waiting deliveries requested before {@code cutoff}, oldest first, at most {@code limit}:
   * those past the pending deadline.
   */
  List<DeliveryRequested> requestedBefore(Instant cutoff, int limit) {
    List<DeliveryRequested> out = new ArrayList<>();
    try (KeyValueIterator<String, DeliveryRequested> it = byAge.all()) {
      while (it.hasNext() && out.size() < limit) {
        DeliveryRequested req = it.next().value;
        if (req.requestedAt() == null) {
          continue; // no request time, no deadline
        }
        if (!req.requestedAt().isBefore(cutoff)) {
          break; // the store is in request order: the rest are younger
        }
        out.add(req);
      }
    }
    return out;
  }

  /**
   * The backlog report: counts per class, when the oldest of each class was requested, and the
   * {@code window} oldest of each class. The scan stops once every class with a backlog has filled
   * its window, and after {@code scanLimit} entries at most.
   */
  BacklogReport report(int partition, Instant at, int window, int scanLimit) {
    Map<WeightClass, Instant> oldest = new EnumMap<>(WeightClass.class);
    List<DeliveryRequested> waiting = new ArrayList<>();
    Map<WeightClass, Integer> shown = new EnumMap<>(WeightClass.class);
    int perClass = Math.max(1, window);
    long classes = counts.values().stream().filter(n -> n > 0).count();
    long filled = 0;
    int scanned = 0;
    try (KeyValueIterator<String, DeliveryRequested> it = byAge.all()) {
      while (it.hasNext() && filled < classes && scanned++ < scanLimit) {
        DeliveryRequested req = it.next().value;
        WeightClass c = classOf(req);
        int n = shown.merge(c, 1, Integer::sum);
        if (n == perClass) {
          filled++;
        }
        if (n > perClass || req.requestedAt() == null) {
          continue;
        }
        oldest.putIfAbsent(c, req.requestedAt());
        if (n <= window) {
          waiting.add(req);
        }
      }
    }
    return new BacklogReport(partition, counts, oldest, waiting, at);
  }
}
