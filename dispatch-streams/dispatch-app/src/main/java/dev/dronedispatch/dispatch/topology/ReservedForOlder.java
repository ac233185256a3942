package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.assignment.DronePicker;
import dev.dronedispatch.dispatch.assignment.Exclusions;
import dev.dronedispatch.dispatch.backlog.OlderClaims;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One round's reservations for the older deliveries of other tasks ({@link OlderClaims}): walked
 * together with the round's own deliveries, oldest first, each older delivery elsewhere reserves
 * the drone it would pick, and the own deliveries after it pick among the rest. Nothing is written:
 * the reservations live as long as the round.
 */
final class ReservedForOlder {

  private final List<DeliveryRequested> elsewhere;
  private final OlderClaims claims;
  private final FleetView fleet;
  private final DronePicker picker;
  private final DispatchMetrics metrics;
  private final Instant now;
  private final Set<String> drones = new HashSet<>();
  private int next;

  ReservedForOlder(
      List<DeliveryRequested> elsewhere,
      OlderClaims claims,
      FleetView fleet,
      DronePicker picker,
      DispatchMetrics metrics,
      Instant now) {
    this.elsewhere = elsewhere;
    this.claims = claims;
    this.fleet = fleet;
    this.picker = picker;
    this.metrics = metrics;
    this.now = now;
  }

  /**
   * Reserves a drone for every delivery elsewhere that comes before {@code own} and has none yet
   * (none of {@code given}, the drones the round gave its own deliveries); returns every drone
   * reserved so far. Call with the own deliveries in age order.
   */
  Set<String> upTo(DeliveryRequested own, Set<String> given) {
    while (next < elsewhere.size() && claims.comesBefore(elsewhere.get(next), own)) {
      DeliveryRequested older = elsewhere.get(next++);
      fleet
          .pick(picker, older, Exclusions.of(given, drones), now)
          .chosen()
          .ifPresent(
              c -> {
                drones.add(c.drone().id());
                metrics.yieldedToOlder(PendingQueue.classOf(older).wireName());
              });
    }
    return drones;
  }
}
