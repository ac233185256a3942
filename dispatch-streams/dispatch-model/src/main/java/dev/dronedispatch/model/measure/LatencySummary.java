package dev.dronedispatch.model.measure;

import java.util.Locale;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Percentiles of a latency distribution in milliseconds, the one summary every tool reports (the
 * load generator and the benchmarks, {@code ops slo}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LatencySummary(
    long count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  /** The summary of a histogram recorded in microseconds. */
  public static LatencySummary ofMicros(Histogram micros) {
    return of(micros, 1000.0);
  }

  /** The summary of a histogram recorded in milliseconds. */
  public static LatencySummary ofMillis(Histogram millis) {
    return of(millis, 1.0);
  }

  private static LatencySummary of(Histogram h, double perMs) {
    if (h.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        h.getTotalCount(),
        h.getValueAtPercentile(50) / perMs,
        h.getValueAtPercentile(95) / perMs,
        h.getValueAtPercentile(99) / perMs,
        h.getMaxValue() / perMs,
        h.getMean() / perMs);
  }

  /** One line for a progress or report output. */
  public String format() {
    if (count == 0) {
      return "n=0";
    }
    return String.format(
        Locale.ROOT,
        "n=%d p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms mean=%.1fms",
        count,
        p50Ms,
        p95Ms,
        p99Ms,
        maxMs,
        meanMs);
  }
}
