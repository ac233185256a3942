package dev.dronedispatch.ops.audit;

import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a recorded {@code deliveries.status} history against the dispatch contract: statuses only
 * move forward per delivery (pending, assigned, in_flight to_origin, in_flight to_destination,
 * delivered), a delivery has one drone, a drone holds at most one delivery at a time (by event time
 * across partitions), and a delivery is delivered exactly once.
 */
public final class StatusContract {

  /** The violations found, how many deliveries the history names and how many were delivered. */
  public record Result(List<Violation> violations, int deliveries, int delivered) {}

  private StatusContract() {}

  public static Result check(Collection<DeliveryStatusChanged> history, Set<String> expected) {
    List<DeliveryStatusChanged> byTime = new ArrayList<>(history);
    // stable sort: events of one delivery keep their topic (partition) order on equal ts
    byTime.sort(Comparator.comparing(DeliveryStatusChanged::ts));
    List<Violation> violations = new ArrayList<>();
    Map<String, DeliveryStage> stage = new HashMap<>();
    Map<String, String> droneOf = new HashMap<>();
    Map<String, String> heldBy = new HashMap<>();
    Set<String> delivered = new HashSet<>();
    for (DeliveryStatusChanged e : history) {
      DeliveryStage next = e.stage();
      DeliveryStage previous = stage.get(e.deliveryId());
      if (previous != null && previous.isAfter(next)) {
        violations.add(
            new Violation(
                Violation.Kind.STATUS_REGRESSION,
                e.deliveryId(),
                e.droneId(),
                previous.reason() + " then " + next.reason()));
      }
      stage.merge(e.deliveryId(), next, (was, now) -> now.isAfter(was) ? now : was);
      if (e.droneId() != null && e.status() != DeliveryStatus.PENDING) {
        String first = droneOf.putIfAbsent(e.deliveryId(), e.droneId());
        if (first != null && !first.equals(e.droneId())) {
          violations.add(
              new Violation(
                  Violation.Kind.ASSIGNED_TWICE,
                  e.deliveryId(),
                  e.droneId(),
                  "already assigned to " + first));
        }
      }
      if (e.status() == DeliveryStatus.DELIVERED && !delivered.add(e.deliveryId())) {
        violations.add(
            new Violation(
                Violation.Kind.DELIVERED_TWICE,
                e.deliveryId(),
                e.droneId(),
                "second delivered event at " + e.ts()));
      }
    }
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
      } else if (e.status() == DeliveryStatus.DELIVERED) {
        heldBy.remove(e.droneId(), e.deliveryId());
      }
    }
    for (String id : expected) {
      if (!delivered.contains(id)) {
        violations.add(
            new Violation(
                Violation.Kind.NOT_DELIVERED,
                id,
                droneOf.get(id),
                "last stage " + (stage.containsKey(id) ? stage.get(id).reason() : "none")));
      }
    }
    return new Result(List.copyOf(violations), stage.size(), delivered.size());
  }
}
