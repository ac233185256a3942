package dev.dronedispatch.gateway.admission;

import dev.dronedispatch.gateway.admission.WaitEstimate.Basis;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One class's admission verdict with the figures behind it, as the {@code kpi} event, the 503
 * problem and the metrics show it. Seconds are rounded to 0.1 s; {@code assignments_per_min} is
 * null while no rate is known; {@code retry_after_s} is 0 while open.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClassAdmission(
    WeightClass weightClass,
    boolean closed,
    int pending,
    double oldestPendingAgeS,
    Double assignmentsPerMin,
    double estimatedWaitS,
    Basis basis,
    long retryAfterS) {

  static ClassAdmission of(
      ClassBacklog b, WaitEstimate estimate, boolean closed, long retryAfterS) {
    return new ClassAdmission(
        b.weightClass(),
        closed,
        b.pending(),
        tenths(b.oldestPendingAge()),
        estimate.assignmentsPerSecond() == null
            ? null
            : Math.round(estimate.assignmentsPerSecond() * 600) / 10.0,
        tenths(estimate.expectedWait()),
        estimate.basis(),
        retryAfterS);
  }

  private static double tenths(Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }
}
