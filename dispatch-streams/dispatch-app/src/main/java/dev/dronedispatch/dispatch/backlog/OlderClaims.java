package dev.dronedispatch.dispatch.backlog;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fairness rule across dispatch tasks: drones go to the waiting deliveries of a class oldest
 * first, whichever task holds them. Each task plans its round as if it planned for all tasks: it
 * walks its own pending deliveries and the ones other tasks show on the backlog board together,
 * oldest first, and a delivery of another task requested more than FAIRNESS_SLACK_MS before one of
 * its own reserves the drone it would pick, so the own delivery picks among the rest. Only the own
 * picks are committed; the other task commits its own in its round. A task therefore never takes
 * the drone an older delivery elsewhere would get, yet does not hold back a drone that older
 * delivery does not need (leaving every drone that <em>could</em> serve an older delivery to it
 * serialised the tasks: under a backlog only the task holding the oldest delivery assigned). Pure.
 */
public final class OlderClaims {

  private final Duration slack;

  public OlderClaims(Duration slack) {
    this.slack = slack;
  }

  /**
   * The deliveries other tasks show as waiting, oldest first, each once, without those in {@code
   * own} (after a rebalance the previous owner's last report may still show a delivery that is now
   * this task's).
   */
  public List<DeliveryRequested> waitingElsewhere(
      Collection<BacklogReport> otherTasks, Set<String> own) {
    Set<String> seen = new HashSet<>(own);
    return otherTasks.stream()
        .flatMap(r -> r.waiting().stream())
        .filter(w -> w.requestedAt() != null && seen.add(w.id()))
        .sorted(Comparator.comparing(DeliveryRequested::requestedAt))
        .toList();
  }

  /**
   * Whether {@code elsewhere}, waiting in another task, comes before {@code own}: requested more
   * than the slack earlier. A delivery without a request time never waits for another.
   */
  public boolean comesBefore(DeliveryRequested elsewhere, DeliveryRequested own) {
    Instant ownAt = own.requestedAt();
    return ownAt != null
        && elsewhere.requestedAt() != null
        && elsewhere.requestedAt().isBefore(ownAt.minus(slack));
  }
}
