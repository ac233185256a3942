package dev.dronedispatch.gateway.timeline;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.story.DeliveryRecords;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records of the deliveries the event hub heard of most recently, for {@code GET
 * /deliveries/{id}/timeline}: each one's request, status events and waiting reasons, in the order
 * read. Bounded: at most {@code maxDeliveries} deliveries (the one heard of longest ago goes first)
 * and, for each, at most {@code maxEvents} status events and as many waiting reasons (the oldest go
 * first). No telemetry: the hub keeps only each drone's latest. Written by the hub's reading
 * thread, read by request threads.
 */
public final class DeliveryBook {

  /** Hours of the demo's orders at some 3 KB each (the assignment's decision is the bulk). */
  public static final int DEFAULT_MAX_DELIVERIES = 10_000;

  /** A delivery's life takes about six status events; more means hand-backs. */
  public static final int DEFAULT_MAX_EVENTS = 32;

  private static final class Entry {
    private DeliveryRequested request;
    private final Deque<DeliveryStatusChanged> statuses = new ArrayDeque<>();
    private final Deque<DeliveryWaiting> waits = new ArrayDeque<>();
  }

  private final int maxEvents;
  private final LinkedHashMap<String, Entry> entries;

  public DeliveryBook(int maxDeliveries, int maxEvents) {
    this.maxEvents = maxEvents;
    this.entries =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxDeliveries;
          }
        };
  }

  public synchronized void onRequested(DeliveryRequested e) {
    heard(e.id()).request = e;
  }

  public synchronized void onStatus(DeliveryStatusChanged e) {
    append(heard(e.deliveryId()).statuses, e);
  }

  public synchronized void onWaiting(DeliveryWaiting e) {
    append(heard(e.deliveryId()).waits, e);
  }

  /** What the book holds of {@code deliveryId}; empty when it heard nothing of it. */
  public synchronized Optional<DeliveryRecords> records(String deliveryId) {
    Entry e = entries.get(deliveryId);
    if (e == null) {
      return Optional.empty();
    }
    return Optional.of(
        new DeliveryRecords(
            deliveryId,
            Optional.ofNullable(e.request),
            List.copyOf(e.statuses),
            List.copyOf(e.waits),
            Map.of()));
  }

  public synchronized int size() {
    return entries.size();
  }

  /** The delivery's entry, moved to the most recently heard end (a fresh one when new). */
  private Entry heard(String deliveryId) {
    Entry e = entries.remove(deliveryId);
    if (e == null) {
      e = new Entry();
    }
    entries.put(deliveryId, e);
    return e;
  }

  private <T> void append(Deque<T> events, T event) {
    events.addLast(event);
    if (events.size() > maxEvents) {
      events.removeFirst();
    }
  }
}
