package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.assignment.Candidate;
import dev.dronedispatch.dispatch.assignment.DronePicker;
import dev.dronedispatch.dispatch.assignment.PickResult;
import dev.dronedispatch.dispatch.backlog.BacklogBoard;
import dev.dronedispatch.dispatch.backlog.OlderClaims;
import dev.dronedispatch.dispatch.commit.AssignmentCommitter;
import dev.dronedispatch.dispatch.commit.CommitResult;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a pending delivery a drone: pick the best candidate from the fleet view, leave it to an
 * older delivery of another task that it can serve ({@link OlderClaims}), commit the pair in the KV
 * and act on how the commit ended. A drone claimed elsewhere meanwhile is excluded and the pick
 * retried, up to three times per attempt.
 */
final class Assigner {

  /** What becomes of the delivery after an attempt. */
  enum Outcome {
    /** Assigned, or settled otherwise (already assigned, gone): it leaves the queue. */
    DONE,
    /** Still waiting for a drone. */
    KEEP
  }

  private static final Logger log = LoggerFactory.getLogger("dispatcher");
  private static final int PICK_ATTEMPTS = 3;

  private final int partition;
  private final FleetView fleet;
  private final DronePicker picker;
  private final BacklogBoard board;
  private final OlderClaims olderClaims;
  private final AssignmentCommitter committer;
  private final PickConsequences consequences;
  private final ProgressTracker tracker;
  private final KvAheadRecovery recovery;
  private final DispatchOutput out;
  private final DispatchMetrics metrics;
  private final Clock clock;

  Assigner(
      int partition,
      FleetView fleet,
      DronePicker picker,
      BacklogBoard board,
      OlderClaims olderClaims,
      AssignmentCommitter committer,
      PickConsequences consequences,
      ProgressTracker tracker,
      KvAheadRecovery recovery,
      DispatchOutput out,
      DispatchMetrics metrics,
      Clock clock) {
    this.partition = partition;
    this.fleet = fleet;
    this.picker = picker;
    this.board = board;
    this.olderClaims = olderClaims;
    this.committer = committer;
    this.consequences = consequences;
    this.tracker = tracker;
    this.recovery = recovery;
    this.out = out;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * A new request with no older delivery of its class waiting: settled at once if the KV shows it
   * past pending (a republished or replayed request), otherwise tried.
   */
  Outcome onRequest(DeliveryRequested req, Instant now) {
    try {
      Optional<CommitResult> settled = committer.precheck(req.id());
      return settled.isPresent() ? settle(req, settled.get(), now) : attempt(req, now);
    } catch (KvUnavailableException e) {
      metrics.kvUnavailable("request");
      log.warn("[dispatcher] KV unavailable on request {}: {}", req.id(), e.getMessage());
      return Outcome.KEEP;
    }
  }

  /**
   * One round over the queue, oldest first: at most {@code maxAssign} deliveries leave it, and the
   * round stops at the deadline.
   */
  int retry(PendingQueue queue, int scanLimit, int maxAssign, Instant now, long deadlineNanos) {
    List<DeliveryRequested> oldest = queue.oldest(scanLimit);
    int assigned = 0;
    for (DeliveryRequested req : oldest) {
      if (assigned >= maxAssign || System.nanoTime() > deadlineNanos) {
        break;
      }
      if (attempt(req, now) == Outcome.DONE) {
        queue.remove(req);
        assigned++;
      }
    }
    return assigned;
  }

  private Outcome attempt(DeliveryRequested req, Instant now) {
    Set<String> excluded = new HashSet<>();
    for (int i = 0; i < PICK_ATTEMPTS; i++) {
      long t0 = System.nanoTime();
      PickResult pick = fleet.pick(picker, req, excluded, now);
      metrics.pick(Duration.ofNanos(System.nanoTime() - t0));
      consequences.apply(pick, req, now);
      if (pick.chosen().isEmpty()) {
        return Outcome.KEEP;
      }
      Candidate chosen = pick.chosen().get();
      if (yieldsToOlder(req, chosen.drone(), now)) {
        return Outcome.KEEP;
      }
      String droneId = chosen.drone().id();
      long c0 = System.nanoTime();
      CommitResult result = committer.commit(req.id(), droneId);
      metrics.commit(Duration.ofNanos(System.nanoTime() - c0), result.getClass().getSimpleName());
      if (result instanceof CommitResult.Committed c) {
        tracker.assigned(c.delivery(), pick.decision(), now);
        return Outcome.DONE;
      }
      if (result instanceof CommitResult.DroneTaken t) {
        excluded.add(droneId);
        t.current().ifPresent(d -> out.learn(d, now));
        continue;
      }
      if (result instanceof CommitResult.RolledBack rb) {
        log.warn("[dispatcher] assignment {} -> {} rolled back: {}", req.id(), droneId, rb.why());
        if (rb.droneReleased()) {
          Instant at = Instant.now(clock);
          out.fleetEvent(droneId, DroneStatus.IDLE, DroneStatus.BUSY, "claim", at);
          out.fleetEvent(droneId, DroneStatus.BUSY, DroneStatus.IDLE, FleetTransition.ROLLBACK, at);
        }
        return Outcome.KEEP;
      }
      return settle(req, result, now);
    }
    return Outcome.KEEP;
  }

  /** How a request ends whose commit, or precheck, found the delivery not to assign. */
  private Outcome settle(DeliveryRequested req, CommitResult result, Instant now) {
    if (result instanceof CommitResult.AlreadyAssigned a) {
      recovery.settle(a.delivery(), now);
    } else if (result instanceof CommitResult.NotPending np) {
      recovery.settle(np.delivery(), now);
    } else if (result instanceof CommitResult.DeliveryMissing) {
      log.warn("[dispatcher] delivery {} is not in the KV service, dropped", req.id());
    } else if (result instanceof CommitResult.Locked) {
      return Outcome.KEEP;
    }
    return Outcome.DONE;
  }

  /** Whether an older delivery waiting in another task should have {@code drone} instead. */
  private boolean yieldsToOlder(DeliveryRequested req, DroneView drone, Instant now) {
    Optional<DeliveryRequested> older =
        olderClaims.claimant(req, drone, board.others(partition, now), picker::canServe);
    if (older.isEmpty()) {
      return false;
    }
    metrics.yieldedToOlder(PendingQueue.classOf(req).wireName());
    log.debug(
        "[dispatcher] {} leaves {} to the older {} of another task",
        req.id(),
        drone.id(),
        older.get().id());
    return true;
  }
}
