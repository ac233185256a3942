package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.gateway.admission.AdmissionState;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The {@code kpi} event of /stream (docs/architecture.md, "SSE stream"); {@code admission} is set
 * by the event hub, which evaluates it.
 */
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
    Percentiles deliverLatencyMs,
    AdmissionState admission) {

  /** Latency percentiles in milliseconds over the recent window; null without samples. */
  public record Percentiles(Double p50, Double p95) {}

  public Kpis withAdmission(AdmissionState state) {
    return new Kpis(
        ts,
        dronesByStatus,
        dronesByClass,
        pending,
        oldestPendingAgeS,
        activeDeliveries,
        deliveriesPerMinute,
        assignLatencyMs,
        deliverLatencyMs,
        state);
  }
}
