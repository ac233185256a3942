package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.assignment.DronePicker;
import dev.dronedispatch.dispatch.assignment.Exclusions;
import dev.dronedispatch.dispatch.assignment.PickResult;
import dev.dronedispatch.dispatch.backlog.BacklogBoard;
import dev.dronedispatch.dispatch.backlog.OlderClaims;
import dev.dronedispatch.dispatch.commit.AssignmentCommitter;
import dev.dronedispatch.dispatch.commit.CommitResult;
import dev.dronedispatch.dispatch.commit.Pairing;
import dev.dronedispatch.dispatch.commit.RoundOutcome;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives pending deliveries drones, a round at a time: each delivery, oldest first, gets the best
 * candidate from the fleet view that no older delivery of the round took and no older delivery of
 * another task would pick ({@link OlderClaims}, {@link ReservedForOlder}); the round's pairs are
 * committed in the KV together ({@link AssignmentCommitter#commitAll}), and each delivery's outcome
 * is acted on. A drone claimed elsewhere meanwhile is excluded and its delivery picked again, three
 * passes at most.
 */
final class Assigner {

  /** What becomes of the delivery after an attempt. */
  private enum Outcome {
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
  private final WaitingReasons waitingReasons;
  private final DispatchOutput out;
  private final DispatchMetrics metrics;

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
      WaitingReasons waitingReasons,
      DispatchOutput out,
      DispatchMetrics metrics) {
    this.partition = partition;
    this.fleet = fleet;
    this.picker = picker;
    this.board = board;
    this.olderClaims = olderClaims;
    this.committer = committer;
    this.consequences = consequences;
    this.tracker = tracker;
    this.recovery = recovery;
    this.waitingReasons = waitingReasons;
    this.out = out;
    this.metrics = metrics;
  }

  /**
   * The new arrivals (requests that found no older delivery of their class waiting), in arrival
   * order, get a round of their own; its first read also settles those the KV shows past pending (a
   * republished or replayed request) that found no drone, so that a request already served never
   * waits for the recheck. Returns how many left the queue.
   */
  int assignNew(
      List<DeliveryRequested> arrivals,
      Consumer<DeliveryRequested> leaves,
      int maxAssign,
      Instant now,
      Duration pickBudget) {
    return round(arrivals, true, leaves, maxAssign, now, pickBudget);
  }

  /**
   * The {@code scanLimit} oldest waiting deliveries read again in one batch: those the KV shows
   * past pending leave the queue, announced and tracked where the KV is. The KV runs ahead of a
   * task's queue when an earlier owner's round wrote it and the Kafka transaction was then aborted
   * (a crash, a fenced producer): the restored queue still holds those deliveries, their drones are
   * busy with them, and no pick would ever reach them — with a whole class's drones among them,
   * that class would wait forever. Returns how many left the queue.
   */
  int recheck(PendingQueue queue, int scanLimit, Instant now) {
    List<DeliveryRequested> waiting = queue.oldest(scanLimit);
    if (waiting.isEmpty()) {
      return 0;
    }
    return settleChecked(
        waiting,
        committer.precheckAll(waiting.stream().map(DeliveryRequested::id).toList()),
        queue::remove,
        now);
  }

  /** Those of {@code checked} settled by the KV leave the queue; returns how many did. */
  private int settleChecked(
      List<DeliveryRequested> checked,
      Map<String, CommitResult> settled,
      Consumer<DeliveryRequested> leaves,
      Instant now) {
    int left = 0;
    for (DeliveryRequested req : checked) {
      CommitResult result = settled.get(req.id());
      if (result != null && settle(req, result, now) == Outcome.DONE) {
        leave(req, leaves);
        left++;
      }
    }
    return left;
  }

  /**
   * One round over the queue, oldest first: each delivery is given the best drone not yet given to
   * an older one in this round, and the whole round is committed in one batch; a delivery whose
   * drone was taken meanwhile gets another pick and commit in the same round (three passes at
   * most). At most {@code maxAssign} deliveries leave the queue; picking stops once the round has
   * spent {@code pickBudget}.
   */
  int retry(PendingQueue queue, int scanLimit, int maxAssign, Instant now, Duration pickBudget) {
    return round(queue.oldest(scanLimit), false, queue::remove, maxAssign, now, pickBudget);
  }

  /**
   * {@code checkUnpicked}: the first commit also reads the deliveries that got no drone, and those
   * past pending leave.
   */
  private int round(
      List<DeliveryRequested> oldestFirst,
      boolean checkUnpicked,
      Consumer<DeliveryRequested> leaves,
      int maxAssign,
      Instant now,
      Duration pickBudget) {
    // the budget starts with the picking, not before: the round's prechecks and the progress
    // tracking that precede it once left the retries no time to pick at all
    long deadlineNanos = System.nanoTime() + pickBudget.toNanos();
    Set<String> given = new HashSet<>();
    Set<String> own = new HashSet<>();
    oldestFirst.forEach(r -> own.add(r.id()));
    ReservedForOlder reserved =
        new ReservedForOlder(
            olderClaims.waitingElsewhere(board.others(partition, now), own),
            olderClaims,
            fleet,
            picker,
            metrics,
            now);
    try {
      return passes(
          oldestFirst, checkUnpicked, given, reserved, leaves, maxAssign, now, deadlineNanos);
    } finally {
      fleet.release(given); // held by this round's picks (see FleetView.hold)
    }
  }

  private int passes(
      List<DeliveryRequested> oldestFirst,
      boolean checkUnpicked,
      Set<String> given,
      ReservedForOlder reserved,
      Consumer<DeliveryRequested> leaves,
      int maxAssign,
      Instant now,
      long deadlineNanos) {
    List<DeliveryRequested> waiting = oldestFirst;
    Map<String, Set<String>> excluded = new HashMap<>();
    int left = 0;
    for (int pass = 0; pass < PICK_ATTEMPTS && !waiting.isEmpty(); pass++) {
      List<Planned> planned =
          plan(waiting, given, reserved, excluded, maxAssign - left, now, deadlineNanos);
      // before the claims: a drone the picks sent charging is then refused by its claim
      consequences.write(now);
      List<DeliveryRequested> unpicked =
          pass == 0 && checkUnpicked ? unpicked(waiting, planned) : List.of();
      if (planned.isEmpty() && unpicked.isEmpty()) {
        break;
      }
      List<DeliveryRequested> again = new ArrayList<>();
      RoundOutcome outcome = commit(planned, unpicked);
      left += settleChecked(unpicked, outcome.checked(), leaves, now);
      List<CommitResult> results = outcome.paired();
      for (int i = 0; i < planned.size(); i++) {
        Planned p = planned.get(i);
        CommitResult result = results.get(i);
        if (outcome(p, result, now) == Outcome.DONE) {
          leave(p.request(), leaves);
          left++;
        } else if (result instanceof CommitResult.DroneTaken) {
          excluded.computeIfAbsent(p.request().id(), k -> new HashSet<>()).add(p.droneId());
          again.add(p.request());
        }
      }
      waiting = again;
    }
    return left;
  }

  private static List<DeliveryRequested> unpicked(
      List<DeliveryRequested> waiting, List<Planned> planned) {
    Set<String> picked = new HashSet<>();
    planned.forEach(p -> picked.add(p.request().id()));
    return waiting.stream().filter(r -> !picked.contains(r.id())).toList();
  }

  private void leave(DeliveryRequested req, Consumer<DeliveryRequested> leaves) {
    leaves.accept(req);
    waitingReasons.forget(req.id());
  }

  /** A delivery and the drone its pick chose, with the pick's explanation. */
  private record Planned(DeliveryRequested request, String droneId, PickResult pick) {}

  private List<Planned> plan(
      List<DeliveryRequested> waiting,
      Set<String> given,
      ReservedForOlder reserved,
      Map<String, Set<String>> excluded,
      int max,
      Instant now,
      long deadlineNanos) {
    List<Planned> planned = new ArrayList<>();
    for (DeliveryRequested req : waiting) {
      if (planned.size() >= max || System.nanoTime() > deadlineNanos) {
        break;
      }
      Exclusions skip =
          Exclusions.of(
              given, excluded.getOrDefault(req.id(), Set.of()), reserved.upTo(req, given));
      long t0 = System.nanoTime();
      PickResult pick = fleet.pick(picker, req, skip, now);
      metrics.pick(Duration.ofNanos(System.nanoTime() - t0));
      consequences.note(pick, req);
      if (pick.chosen().isEmpty()) {
        metrics.noDrone(pick.whyNone());
        waitingReasons.noDrone(req, pick, now);
        continue;
      }
      String droneId = pick.chosen().get().drone().id();
      given.add(droneId);
      fleet.hold(droneId);
      planned.add(new Planned(req, droneId, pick));
    }
    return planned;
  }

  private RoundOutcome commit(List<Planned> planned, List<DeliveryRequested> unpicked) {
    long c0 = System.nanoTime();
    RoundOutcome outcome =
        committer.commitAll(
            planned.stream().map(p -> new Pairing(p.request().id(), p.droneId())).toList(),
            unpicked.stream().map(DeliveryRequested::id).toList());
    if (!planned.isEmpty()) {
      metrics.commitRound(Duration.ofNanos(System.nanoTime() - c0), planned.size());
    }
    outcome.paired().forEach(r -> metrics.commitResult(r.getClass().getSimpleName()));
    return outcome;
  }

  /** What the commit of one planned pair means for its delivery. */
  private Outcome outcome(Planned p, CommitResult result, Instant now) {
    String droneId = p.droneId();
    if (result instanceof CommitResult.Committed c) {
      tracker.assigned(c.delivery(), p.pick().decision(), now);
      return Outcome.DONE;
    }
    if (result instanceof CommitResult.DroneTaken t) {
      t.current().ifPresent(d -> out.learn(d, now));
      return Outcome.KEEP;
    }
    if (result instanceof CommitResult.RolledBack rb) {
      log.warn(
          "[dispatcher] assignment {} -> {} rolled back: {}", p.request().id(), droneId, rb.why());
      if (rb.droneReleased()) {
        // Stamped with the round's start, before the claim was written: a later decision about
        // this drone, by any task, carries a later stamp and wins where events are ordered.
        out.fleetEvent(droneId, DroneStatus.IDLE, DroneStatus.BUSY, "claim", now);
        out.fleetEvent(droneId, DroneStatus.BUSY, DroneStatus.IDLE, FleetTransition.ROLLBACK, now);
      }
      return Outcome.KEEP;
    }
    return settle(p.request(), result, now);
  }

  /**
   * The KV has the delivery assigned to a drone that does not hold it: the round that wrote it lost
   * its Kafka transaction, so the drone was never told, and by now it is lost, found again or busy
   * with another delivery. Announcing that assignment would book the drone twice; the delivery goes
   * back to pending in the KV (compare-and-set, only while it is still assigned to that drone) and
   * waits for the next round.
   */
  private Outcome releaseStaleAssignment(DeliveryDocument stale) {
    String droneId = stale.droneId();
    Function<Optional<DeliveryDocument>, Optional<DeliveryDocument>> handBack =
        current ->
            current
                .filter(d -> d.status() == DeliveryStatus.ASSIGNED && droneId.equals(d.droneId()))
                .map(DeliveryDocument::handedBack);
    committer.updateDeliveries(Map.of(stale.id(), handBack), Map.of());
    metrics.staleAssignmentReleased();
    log.warn(
        "[dispatcher] {} was assigned to {} in the KV only (its events were never published) and"
            + " the drone no longer holds it: back to pending",
        stale.id(),
        droneId);
    return Outcome.KEEP;
  }

  /** How a request ends whose commit, or precheck, found the delivery not to assign. */
  private Outcome settle(DeliveryRequested req, CommitResult result, Instant now) {
    if (result instanceof CommitResult.AlreadyAssigned a) {
      recovery.settle(a.delivery(), now);
    } else if (result instanceof CommitResult.NotPending np) {
      if (np.delivery().status() == DeliveryStatus.ASSIGNED) {
        return releaseStaleAssignment(np.delivery());
      }
      recovery.settle(np.delivery(), now);
    } else if (result instanceof CommitResult.DeliveryMissing) {
      log.warn("[dispatcher] delivery {} is not in the KV service, dropped", req.id());
    } else if (result instanceof CommitResult.DeliveryInvalid) {
      // as if missing: no valid document to assign, and keeping it would re-read it every round
      log.warn(
          "[dispatcher] delivery {} has no valid document in the KV service, dropped", req.id());
    } else if (result instanceof CommitResult.Unknown u) {
      log.warn(
          "[dispatcher] assignment of {} unknown, read again next round: {}", req.id(), u.why());
      return Outcome.KEEP;
    }
    return Outcome.DONE;
  }
}
