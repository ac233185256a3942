package dev.dronedispatch.ordergen.measure;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Percentiles of a latency distribution, in milliseconds. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LatencySummary(
    long count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        micros.getTotalCount(),
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(95) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0,
        micros.getMean() / 1000.0);
  }

  public String format() {
    if (count == 0) {
      return "n=0";
    }
    return String.format(
        java.util.Locale.ROOT,
        "n=%d p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms mean=%.1fms",
        count,
        p50Ms,
        p95Ms,
        p99Ms,
        maxMs,
        meanMs);
  }
}
