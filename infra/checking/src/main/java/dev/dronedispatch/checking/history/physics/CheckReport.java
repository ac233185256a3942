package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One check's tally over a recording: how many subjects passed, the violations, and why the rest
 * could not be judged.
 */
public record CheckReport(
    String check, int passed, List<Violation> violations, List<String> unverifiable) {

  public CheckReport {
    violations = List.copyOf(violations);
    unverifiable = List.copyOf(unverifiable);
  }

  static CheckReport tally(String check, Stream<Outcome> outcomes) {
    int[] passed = {0};
    List<Violation> violations = new ArrayList<>();
    List<String> unverifiable = new ArrayList<>();
    outcomes.forEach(
        outcome -> {
          if (outcome instanceof Outcome.Violated v) {
            violations.add(v.violation());
          } else if (outcome instanceof Outcome.Unverifiable u) {
            unverifiable.add(u.why());
          } else {
            passed[0]++;
          }
        });
    return new CheckReport(check, passed[0], violations, unverifiable);
  }

  public int checked() {
    return passed + violations.size() + unverifiable.size();
  }
}
