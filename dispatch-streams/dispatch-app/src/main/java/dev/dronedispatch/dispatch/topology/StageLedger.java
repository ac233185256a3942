package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.model.delivery.DeliveryStage;
import java.time.Instant;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * How far this task has announced each delivery, kept for DEDUP_RETENTION_MS in a window store
 * written in the same transaction as the events. It tells a republished request (already announced)
 * from the replay of an aborted transaction (the KV moved on, the events were lost). Entries sit at
 * the assignment time, so one delivery assigned twice over time is two entries.
 */
final class StageLedger {

  private final WindowStore<String, DeliveryStage> announced;

  StageLedger(WindowStore<String, DeliveryStage> announced) {
    this.announced = announced;
  }

  /** The furthest stage announced for the assignment made at {@code assignedAt}. */
  DeliveryStage announced(String deliveryId, Instant assignedAt) {
    long t = assignedAt.toEpochMilli();
    DeliveryStage furthest = DeliveryStage.PENDING;
    try (WindowStoreIterator<DeliveryStage> it = announced.fetch(deliveryId, t, t)) {
      while (it.hasNext()) {
        DeliveryStage s = it.next().value;
        if (s.isAfter(furthest)) {
          furthest = s;
        }
      }
    }
    return furthest;
  }

  void record(String deliveryId, Instant assignedAt, DeliveryStage stage) {
    if (assignedAt != null) {
      announced.put(deliveryId, stage, assignedAt.toEpochMilli());
    }
  }
}
