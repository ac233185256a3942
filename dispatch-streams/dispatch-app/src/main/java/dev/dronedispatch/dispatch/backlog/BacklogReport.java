package dev.dronedispatch.dispatch.backlog;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One dispatch task's pending deliveries per class, when the oldest of each class was requested,
 * and its oldest waiting deliveries (up to FAIRNESS_WINDOW per class, oldest first). It goes to the
 * single fleet-governor task, so the autoscaler sees the whole backlog without scanning any
 * delivery, and onto the backlog board every dispatch instance reads, so a task leaves the drone an
 * older delivery of another task would pick to that delivery ({@link OlderClaims}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BacklogReport(
    int partition,
    Map<WeightClass, Integer> pending,
    Map<WeightClass, Instant> oldest,
    List<DeliveryRequested> waiting,
    Instant ts) {

  public BacklogReport {
    pending = Map.copyOf(pending);
    oldest = oldest == null ? Map.of() : Map.copyOf(oldest);
    waiting = waiting == null ? List.of() : List.copyOf(waiting);
  }

  public boolean samePendingAs(BacklogReport other) {
    return other != null
        && other.partition == partition
        && other.pending.equals(pending)
        && other.oldest.equals(oldest)
        && other.waiting.equals(waiting);
  }
}
