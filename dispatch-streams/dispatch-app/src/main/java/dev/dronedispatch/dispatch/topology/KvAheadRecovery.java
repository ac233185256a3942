package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request whose delivery the KV shows past pending. If this task tracks it, or already announced
 * as far as the KV went (the {@link StageLedger}, kept DEDUP_RETENTION_MS), the request was a
 * republished duplicate. Otherwise an earlier attempt wrote the KV but its Kafka transaction was
 * aborted (a crash, a fenced producer, a transaction timeout): the missing stages are announced now
 * and tracking resumes where the KV is.
 */
final class KvAheadRecovery {

  private static final Logger log = LoggerFactory.getLogger("dispatcher");

  private final StageLedger ledger;
  private final ProgressTracker tracker;
  private final PendingDeadline deadline;
  private final Duration dedupRetention;

  KvAheadRecovery(
      StageLedger ledger,
      ProgressTracker tracker,
      PendingDeadline deadline,
      Duration dedupRetention) {
    this.ledger = ledger;
    this.tracker = tracker;
    this.deadline = deadline;
    this.dedupRetention = dedupRetention;
  }

  void settle(DeliveryDocument doc, Instant now) {
    if (doc.status() == DeliveryStatus.FAILED && doc.droneId() == null) {
      deadline.settle(doc); // failed while it waited: no drone, no tracking
      return;
    }
    if (doc.droneId() == null
        || doc.assignedAt() == null
        || doc.stage() == DeliveryStage.PENDING
        || tracker.tracks(doc)) {
      return; // nothing to announce, or the next round catches it up
    }
    DeliveryStage announced = ledger.announced(doc.id(), doc.assignedAt());
    if (!doc.stage().isAfter(announced) || doc.assignedAt().isBefore(now.minus(dedupRetention))) {
      return;
    }
    log.info(
        "[dispatcher] recovering {} -> {} from the KV (announced {}, KV at {})",
        doc.id(),
        doc.droneId(),
        announced.wireName(),
        doc.stage().wireName());
    tracker.resume(doc, announced, now);
  }
}
