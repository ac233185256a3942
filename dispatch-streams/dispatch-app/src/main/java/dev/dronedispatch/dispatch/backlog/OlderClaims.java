package dev.dronedispatch.dispatch.backlog;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The fairness rule across dispatch tasks: a drone goes to the oldest waiting delivery that it can
 * serve. Each task assigns its own pending deliveries oldest first; before it gives a drone to one
 * of them, it asks whether a delivery waiting in another task was requested more than
 * FAIRNESS_SLACK_MS earlier and could be served by the same drone. If so it leaves the drone to
 * that task. The oldest waiting delivery in the system is never held back, so every delivery a
 * drone can serve is eventually served. Pure.
 */
public final class OlderClaims {

  private final Duration slack;

  public OlderClaims(Duration slack) {
    this.slack = slack;
  }

  /**
   * The oldest delivery of another task that has a better claim than {@code delivery} on {@code
   * drone}; empty when {@code delivery} may take it.
   */
  public Optional<DeliveryRequested> claimant(
      DeliveryRequested delivery,
      DroneView drone,
      Collection<BacklogReport> otherTasks,
      BiPredicate<DroneView, DeliveryRequested> canServe) {
    if (delivery.requestedAt() == null) {
      return Optional.empty();
    }
    Instant claimBefore = delivery.requestedAt().minus(slack);
    return otherTasks.stream()
        .flatMap(r -> r.waiting().stream())
        .filter(w -> w.requestedAt() != null && w.requestedAt().isBefore(claimBefore))
        .filter(w -> !w.id().equals(delivery.id()))
        .sorted(Comparator.comparing(DeliveryRequested::requestedAt))
        .filter(w -> canServe.test(drone, w))
        .findFirst();
  }
}
