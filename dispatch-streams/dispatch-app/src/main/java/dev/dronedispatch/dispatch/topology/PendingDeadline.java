package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.commit.AssignmentCommitter;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery no drone took within PENDING_DEADLINE_MS of its request fails with reason {@code
 * no_drone}: a customer is told instead of waiting for ever. Written to the KV only while the
 * delivery is still pending there (one batch per round), then announced and taken off the queue;
 * one the KV shows assigned meanwhile is left to the queue's recheck.
 */
final class PendingDeadline {

  private static final Logger log = LoggerFactory.getLogger("dispatcher");

  private final Duration deadline;
  private final int perRound;
  private final AssignmentCommitter committer;
  private final StageLedger ledger;
  private final DispatchOutput out;
  private final DispatchMetrics metrics;

  PendingDeadline(
      Duration deadline,
      int perRound,
      AssignmentCommitter committer,
      StageLedger ledger,
      DispatchOutput out,
      DispatchMetrics metrics) {
    this.deadline = deadline;
    this.perRound = perRound;
    this.committer = committer;
    this.ledger = ledger;
    this.out = out;
    this.metrics = metrics;
  }

  /** Fails the queue's deliveries past the deadline at {@code now}; returns how many failed. */
  int failOverdue(PendingQueue queue, Instant now) {
    List<DeliveryRequested> overdue = queue.requestedBefore(now.minus(deadline), perRound);
    if (overdue.isEmpty()) {
      return 0;
    }
    Map<String, DeliveryRequested> byId = new LinkedHashMap<>();
    Map<String, Function<Optional<DeliveryDocument>, Optional<DeliveryDocument>>> changes =
        new LinkedHashMap<>();
    for (DeliveryRequested req : overdue) {
      byId.put(req.id(), req);
      changes.put(
          req.id(),
          current ->
              current
                  .filter(d -> d.status() == DeliveryStatus.PENDING)
                  .map(d -> d.failed(now, DeliveryDocument.NO_DRONE)));
    }
    int failed = 0;
    for (Map.Entry<String, UpdateOutcome<DeliveryDocument>> e :
        committer.updateDeliveries(changes, Map.of()).entrySet()) {
      if (e.getValue() instanceof UpdateOutcome.Updated<DeliveryDocument> up) {
        announce(up.current().value());
        queue.remove(byId.get(e.getKey()));
        failed++;
      }
    }
    if (failed > 0) {
      metrics.failedWaiting(failed);
      log.warn("[dispatcher] {} deliveries waited past {} and failed: no_drone", failed, deadline);
    }
    return failed;
  }

  /**
   * Announces a delivery the KV shows failed while waiting, unless this task did already: a replay
   * after an aborted transaction finds it failed in the KV with the event lost.
   */
  void settle(DeliveryDocument doc) {
    if (ledger.announced(doc.id(), doc.requestedAt()) != DeliveryStage.FAILED) {
      announce(doc);
    }
  }

  private void announce(DeliveryDocument doc) {
    out.failedWaiting(doc);
    ledger.record(doc.id(), doc.requestedAt(), DeliveryStage.FAILED);
  }
}
