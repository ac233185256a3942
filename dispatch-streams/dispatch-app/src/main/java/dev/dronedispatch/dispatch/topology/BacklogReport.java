package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One dispatch task's pending deliveries per class, sent to the single fleet-governor task so the
 * autoscaler sees the whole backlog without scanning any delivery.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BacklogReport(int partition, Map<WeightClass, Integer> pending, Instant ts) {

  public BacklogReport {
    pending = Map.copyOf(pending);
  }

  public boolean samePendingAs(BacklogReport other) {
    return other != null && other.partition == partition && other.pending.equals(pending);
  }
}
