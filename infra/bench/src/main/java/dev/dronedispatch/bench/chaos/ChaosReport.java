package dev.dronedispatch.bench.chaos;

import java.util.List;
import java.util.Locale;

/**
 * What a chaos run found. {@code lost}: acknowledged (201) deliveries the KV does not hold; {@code
 * violations}: what the history checker found on the topics, 5xx answers other than a 503 with
 * Retry-After, deliveries failed without a reason, poison records no consumer set aside in its
 * dead-letter topic, and nemesis steps the system did not recover from; {@code stuck}: acknowledged
 * deliveries neither delivered nor failed when the run ended.
 */
public record ChaosReport(
    int minutes,
    int faults,
    int acked,
    int lost,
    int auditViolations,
    long serverFailures,
    int failedWithoutReason,
    int poisonWithoutDeadLetter,
    List<String> unrecovered,
    int stuck) {

  public ChaosReport {
    unrecovered = List.copyOf(unrecovered);
  }

  public int violations() {
    return auditViolations
        + (int) serverFailures
        + failedWithoutReason
        + poisonWithoutDeadLetter
        + unrecovered.size();
  }

  public boolean clean() {
    return lost == 0 && violations() == 0 && stuck == 0;
  }

  /** The run's one summary line. */
  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "chaos: minutes=%d faults=%d acked=%d lost=%d violations=%d stuck=%d",
        minutes,
        faults,
        acked,
        lost,
        violations(),
        stuck);
  }
}
