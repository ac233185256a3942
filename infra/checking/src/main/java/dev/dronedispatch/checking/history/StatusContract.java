package dev.dronedispatch.checking.history;

import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a recorded {@code deliveries.status} history against the dispatch contract.
 *
 * <p>A delivery is carried in attempts, each on one drone, whose statuses only move forward
 * (pending, assigned, in_flight to_origin, in_flight to_destination = picked up, delivered). A
 * drone lost before the pickup ends its attempt with a hand-back ({@link StatusEvents#isHandBack}):
 * the delivery is pending again, the drone holds it no more, and the next attempt may be another
 * drone's. A delivery ends once, delivered or failed with a reason, and nothing follows. A drone
 * holds at most one delivery at a time (by event time across partitions), from its assignment until
 * the delivery is delivered, failed or handed back.
 */
public final class StatusContract {

  /** The violations found, and how the deliveries the history names ended. */
  public record Result(List<Violation> violations, DeliveryOutcomes outcomes) {}

  private StatusContract() {}

  public static Result check(Collection<DeliveryStatusChanged> history, Set<String> expected) {
    List<Violation> violations = new ArrayList<>();
    // topic order: one delivery's events are on one partition, in the order they were emitted
    Map<String, Progress> progress = new HashMap<>();
    for (DeliveryStatusChanged e : history) {
      progress.computeIfAbsent(e.deliveryId(), id -> new Progress()).accept(e, violations);
    }
    violations.addAll(doubleBookings(history));
    for (String id : expected) {
      Progress p = progress.get(id);
      if (p == null || !p.ended()) {
        violations.add(
            new Violation(
                Violation.Kind.UNFINISHED,
                id,
                p == null ? null : p.drone,
                "last stage " + (p == null ? "none" : p.stage.reason())));
      }
    }
    return new Result(List.copyOf(violations), outcomes(progress.values()));
  }

  /**
   * A drone is given a delivery while it holds another. By event time, since one drone's deliveries
   * are on different partitions.
   */
  private static List<Violation> doubleBookings(Collection<DeliveryStatusChanged> history) {
    List<DeliveryStatusChanged> byTime = new ArrayList<>(history);
    // stable sort: events of one delivery keep their topic (partition) order on equal ts
    byTime.sort(Comparator.comparing(DeliveryStatusChanged::ts));
    List<Violation> violations = new ArrayList<>();
    Map<String, String> heldBy = new HashMap<>();
    for (DeliveryStatusChanged e : byTime) {
      if (e.droneId() == null) {
        continue;
      }
      if (e.status() == DeliveryStatus.ASSIGNED) {
        String holding = heldBy.get(e.droneId());
        if (holding != null && !holding.equals(e.deliveryId())) {
          violations.add(
              new Violation(
                  Violation.Kind.DRONE_DOUBLE_BOOKED,
                  e.deliveryId(),
                  e.droneId(),
                  "still holding " + holding + " at " + e.ts()));
        }
        heldBy.put(e.droneId(), e.deliveryId());
      } else if (e.status().isTerminal() || StatusEvents.isHandBack(e)) {
        heldBy.remove(e.droneId(), e.deliveryId());
      }
    }
    return violations;
  }

  private static DeliveryOutcomes outcomes(Collection<Progress> deliveries) {
    int delivered = 0;
    int unfinished = 0;
    List<String> failureReasons = new ArrayList<>();
    for (Progress p : deliveries) {
      Optional<String> failedFor = p.failureReason();
      if (p.delivered()) {
        delivered++;
      } else if (failedFor.isPresent()) {
        failureReasons.add(failedFor.get());
      } else {
        unfinished++;
      }
    }
    return new DeliveryOutcomes(delivered, FailureCounts.of(failureReasons), unfinished);
  }

  /** One delivery as its events so far tell it. */
  private static final class Progress {
    /** The furthest stage of the current attempt: pending once handed back; null before events. */
    private DeliveryStage stage;

    /** The drone of the current attempt; null when not known yet or handed back. */
    private String drone;

    /** The drone that handed the delivery back, until the next assignment. */
    private String handedBackBy;

    /** The delivered or failed event that ended the delivery. */
    private DeliveryStatusChanged end;

    void accept(DeliveryStatusChanged e, List<Violation> violations) {
      if (StatusEvents.isHandBack(e)) {
        handBack(e, violations);
      } else {
        advance(e, violations);
      }
    }

    private void handBack(DeliveryStatusChanged e, List<Violation> violations) {
      if (end != null) {
        afterEnd(e, violations);
        return;
      }
      if (stage == DeliveryStage.TO_DESTINATION) {
        violations.add(
            new Violation(
                Violation.Kind.HANDED_BACK_AFTER_PICKUP,
                e.deliveryId(),
                e.droneId(),
                "handed back at " + e.ts() + " with the parcel on board"));
        return;
      }
      // pending already: a repeat of the hand-back (re-emitted) by the same drone changes nothing
      String holder = stage == DeliveryStage.PENDING ? handedBackBy : drone;
      // null stage: the window starts with the hand-back, its attempt began before the window
      if (stage != null && (holder == null || !holder.equals(e.droneId()))) {
        violations.add(
            new Violation(
                Violation.Kind.NOT_THE_HOLDER,
                e.deliveryId(),
                e.droneId(),
                "handed back at "
                    + e.ts()
                    + (holder == null
                        ? " while no drone held it"
                        : " while " + holder + " held it")));
        return;
      }
      stage = DeliveryStage.PENDING;
      drone = null;
      handedBackBy = e.droneId();
    }

    private void advance(DeliveryStatusChanged e, List<Violation> violations) {
      checkDrone(e, violations);
      if (e.status() != DeliveryStatus.PENDING) {
        handedBackBy = null;
      }
      if (end != null) {
        afterEnd(e, violations);
        return;
      }
      DeliveryStage next = e.stage();
      if (stage != null && stage.isAfter(next)) {
        violations.add(
            new Violation(
                Violation.Kind.STATUS_REGRESSION,
                e.deliveryId(),
                e.droneId(),
                stage.reason() + " then " + next.reason()));
      } else {
        stage = next;
      }
      if (e.status() == DeliveryStatus.FAILED && StatusEvents.failureReason(e).isEmpty()) {
        violations.add(
            new Violation(
                Violation.Kind.FAILED_WITHOUT_REASON,
                e.deliveryId(),
                e.droneId(),
                "failed at " + e.ts() + " with reason " + e.reason()));
      }
      if (e.status().isTerminal()) {
        end = e;
      }
    }

    /** An attempt has one drone; after a hand-back, only a new assignment names one. */
    private void checkDrone(DeliveryStatusChanged e, List<Violation> violations) {
      if (e.droneId() == null || e.status() == DeliveryStatus.PENDING) {
        return;
      }
      if (handedBackBy != null && e.status() != DeliveryStatus.ASSIGNED) {
        violations.add(
            new Violation(
                Violation.Kind.NOT_THE_HOLDER,
                e.deliveryId(),
                e.droneId(),
                e.stage().reason()
                    + " at "
                    + e.ts()
                    + " after "
                    + handedBackBy
                    + " handed it back, before it was assigned again"));
      } else if (drone != null && !drone.equals(e.droneId())) {
        violations.add(
            new Violation(
                Violation.Kind.ASSIGNED_TWICE,
                e.deliveryId(),
                e.droneId(),
                "already assigned to " + drone));
      }
      if (drone == null) {
        drone = e.droneId();
      }
    }

    /** Delivered or failed, the delivery takes no other event. */
    private void afterEnd(DeliveryStatusChanged e, List<Violation> violations) {
      Violation.Kind kind;
      if (end.status() == DeliveryStatus.FAILED || e.status() == DeliveryStatus.FAILED) {
        kind = Violation.Kind.EVENT_AFTER_END;
      } else if (e.status() == DeliveryStatus.DELIVERED) {
        kind = Violation.Kind.DELIVERED_TWICE;
      } else {
        kind = Violation.Kind.STATUS_REGRESSION;
      }
      violations.add(
          new Violation(
              kind,
              e.deliveryId(),
              e.droneId(),
              end.stage().reason()
                  + " at "
                  + end.ts()
                  + " then "
                  + e.stage().reason()
                  + " at "
                  + e.ts()));
    }

    boolean delivered() {
      return end != null && end.status() == DeliveryStatus.DELIVERED;
    }

    /** Why the delivery failed; empty unless it ended failed with a reason. */
    Optional<String> failureReason() {
      return end == null ? Optional.empty() : StatusEvents.failureReason(end);
    }

    /** Delivered, or failed with a reason: a failure that does not say why ends nothing. */
    boolean ended() {
      return delivered() || failureReason().isPresent();
    }
  }
}
