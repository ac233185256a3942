package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One dispatch task's pending deliveries per class, and when the oldest of each class was
 * requested, sent to the single fleet-governor task so the autoscaler sees the whole backlog
 * without scanning any delivery.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BacklogReport(
    int partition,
    Map<WeightClass, Integer> pending,
    Map<WeightClass, Instant> oldest,
    Instant ts) {

  public BacklogReport {
    pending = Map.copyOf(pending);
    oldest = oldest == null ? Map.of() : Map.copyOf(oldest);
  }

  public boolean samePendingAs(BacklogReport other) {
    return other != null
        && other.partition == partition
        && other.pending.equals(pending)
        && other.oldest.equals(oldest);
  }
}
