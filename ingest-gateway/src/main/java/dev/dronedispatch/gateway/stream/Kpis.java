package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.gateway.admission.AdmissionState;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The {@code kpi} event of /stream (docs/architecture.md, "SSE stream"); {@code admission} is set
 * by the event hub, which evaluates it. {@code drones_by_status} names every drone status, {@code
 * lost} included.
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
    Failures failedLastHour,
    AdmissionState admission) {

  /** Latency percentiles in milliseconds over the recent window; null without samples. */
  public record Percentiles(Double p50, Double p95) {}

  /**
   * Deliveries that failed over the last hour (by the events' time), in total and by reason: {@code
   * drone_lost} and {@code no_drone} always, any other reason once seen.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Failures(int total, Map<String, Integer> byReason) {}

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
        failedLastHour,
        state);
  }
}
