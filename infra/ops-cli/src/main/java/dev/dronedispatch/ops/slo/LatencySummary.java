package dev.dronedispatch.ops.slo;

import org.HdrHistogram.Histogram;

/** Latency figures in milliseconds over a set of deliveries. */
public record LatencySummary(
    long count, double meanMs, long p50Ms, long p95Ms, long p99Ms, long maxMs) {

  static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        h.getTotalCount(),
        h.getMean(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(95),
        h.getValueAtPercentile(99),
        h.getMaxValue());
  }
}
