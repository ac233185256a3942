package dev.dronedispatch.checking.history;

import dev.dronedispatch.checking.history.physics.CheckReport;
import dev.dronedispatch.checking.history.physics.PhysicsChecker;
import dev.dronedispatch.checking.history.physics.PhysicsTolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The audit of a recorded window (a history, then a checker): the status contract ({@link
 * StatusContract}) and what physics allows ({@link PhysicsChecker}). Pure: a recording in, a
 * verdict out; the recording's faults are carried to the verdict as they are.
 */
public final class HistoryChecker {

  private HistoryChecker() {}

  /**
   * @param expected deliveries that must have ended, delivered or failed with a reason (empty when
   *     any may be in progress)
   * @param tolerances the simulator settings the recording was made with, and the slack given
   */
  public static Verdict check(
      Recording recording, Set<String> expected, PhysicsTolerances tolerances) {
    StatusContract.Result status = StatusContract.check(recording.statuses(), expected);
    List<CheckReport> physical = PhysicsChecker.check(recording, tolerances);
    List<Violation> violations = new ArrayList<>(status.violations());
    physical.forEach(c -> violations.addAll(c.violations()));
    return new Verdict(violations, status.outcomes(), physical, recording.faults());
  }
}
