package dev.dronedispatch.gateway.stream;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The {@code kpi} event of /stream (docs/architecture.md, "SSE stream"). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Kpis(
    Instant ts,
    Map<String, Integer> dronesByStatus,
    Map<String, Integer> dronesByClass,
    int pending,
    double oldestPendingAgeS,
    int activeDeliveries,
    double deliveriesPerMinute,
    Percentiles assignLatencyMs,
    Percentiles deliverLatencyMs) {

  /** Latency percentiles in milliseconds over the recent window; null without samples. */
  public record Percentiles(Double p50, Double p95) {}
}
