package dev.dronedispatch.dispatch.web;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Pending deliveries: how many, and how long the oldest has waited ({@code null} when none). {@code
 * instances} is how many dispatch instances answered.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PendingSummary(
    long pending, Double oldestPendingAgeS, long active, int instances, String scope) {

  public PendingSummary merge(PendingSummary other) {
    Double oldest =
        oldestPendingAgeS == null
            ? other.oldestPendingAgeS
            : other.oldestPendingAgeS == null
                ? oldestPendingAgeS
                : Math.max(oldestPendingAgeS, other.oldestPendingAgeS);
    return new PendingSummary(
        pending + other.pending, oldest, active + other.active, instances + other.instances, scope);
  }
}
