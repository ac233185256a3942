package dev.dronedispatch.ops.slo;

import dev.dronedispatch.checking.history.FailureCounts;
import dev.dronedispatch.model.measure.LatencySummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The SLO figures the original's {@code slo_watch} described: request→assigned and
 * request→delivered latency, and delivered throughput, over a window of event time; then the
 * deliveries that failed in it, by reason.
 */
public record SloReport(
    Instant from,
    Instant to,
    LatencySummary requestToAssigned,
    LatencySummary requestToDelivered,
    double deliveriesPerMinute,
    FailureCounts failed) {

  /** How many deliveries ended in the window, delivered or failed. */
  public long ended() {
    return requestToDelivered.count() + failed.total();
  }

  /** The failed share of the deliveries that ended in the window; 0 when none ended. */
  public double failureShare() {
    return ended() == 0 ? 0 : (double) failed.total() / ended();
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "SLO report %s .. %s (%s)%n", from, to, span()));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-22s %8s %10s %8s %8s %8s %8s%n",
            "latency (ms)",
            "count",
            "mean",
            "p50",
            "p95",
            "p99",
            "max"));
    line(sb, "request -> assigned", requestToAssigned);
    line(sb, "request -> delivered", requestToDelivered);
    sb.append(String.format(Locale.ROOT, "delivered per minute: %.2f%n", deliveriesPerMinute));
    sb.append(
        String.format(
            Locale.ROOT,
            "failed: %s, %.1f %% of %d ended%n",
            failed.describe(),
            100 * failureShare(),
            ended()));
    return sb.toString();
  }

  private String span() {
    Duration d = Duration.between(from, to);
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }

  private static void line(StringBuilder sb, String name, LatencySummary s) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%-22s %8d %10.1f %8.0f %8.0f %8.0f %8.0f%n",
            name,
            s.count(),
            s.meanMs(),
            s.p50Ms(),
            s.p95Ms(),
            s.p99Ms(),
            s.maxMs()));
  }
}
