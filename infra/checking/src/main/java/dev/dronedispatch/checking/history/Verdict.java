package dev.dronedispatch.checking.history;

import dev.dronedispatch.checking.fault.FaultEvent;
import dev.dronedispatch.checking.history.physics.CheckReport;
import java.util.List;
import java.util.Locale;

/**
 * The audit's verdict: every violation found (status contract and physics), how the deliveries the
 * history names ended (delivered, failed by reason, unfinished), each physical check's tally
 * including what it could not judge, and the faults injected during the run, which judge nothing
 * but tell when the violations' times met a fault.
 */
public record Verdict(
    List<Violation> violations,
    DeliveryOutcomes outcomes,
    List<CheckReport> physicalChecks,
    List<FaultEvent> faults) {

  public Verdict {
    violations = List.copyOf(violations);
    physicalChecks = List.copyOf(physicalChecks);
    faults = List.copyOf(faults);
  }

  /** The deliveries that ended delivered. */
  public int delivered() {
    return outcomes.delivered();
  }

  public boolean ok() {
    return violations.isEmpty();
  }

  /** Subjects no physical check could judge for lack of telemetry or of the request. */
  public int unverifiable() {
    return physicalChecks.stream().mapToInt(c -> c.unverifiable().size()).sum();
  }

  /**
   * The faults injected (if any), the violations, a table of the physical checks, an example of
   * each unverifiable kind, the failed and unfinished deliveries, and the totals.
   */
  public String render() {
    StringBuilder sb = new StringBuilder();
    faults.forEach(f -> sb.append("fault ").append(f).append(System.lineSeparator()));
    violations.forEach(v -> sb.append(v).append(System.lineSeparator()));
    String row = "%-52s %8s %8s %8s %12s%n";
    sb.append(
        String.format(
            Locale.ROOT, row, "physical check", "checked", "passed", "violated", "unverifiable"));
    for (CheckReport c : physicalChecks) {
      sb.append(
          String.format(
              Locale.ROOT,
              row,
              c.check(),
              c.checked(),
              c.passed(),
              c.violations().size(),
              c.unverifiable().size()));
    }
    for (CheckReport c : physicalChecks) {
      if (!c.unverifiable().isEmpty()) {
        sb.append(
            String.format(
                Locale.ROOT, "unverifiable %s, e.g.: %s%n", c.check(), c.unverifiable().get(0)));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "failed: %s, unfinished: %d%n",
            outcomes.failed().describe(),
            outcomes.unfinished()));
    sb.append(
        String.format(
            Locale.ROOT,
            "%d deliveries, %d delivered, %d violations, %d unverifiable%n",
            outcomes.deliveries(),
            outcomes.delivered(),
            violations.size(),
            unverifiable()));
    return sb.toString();
  }
}
