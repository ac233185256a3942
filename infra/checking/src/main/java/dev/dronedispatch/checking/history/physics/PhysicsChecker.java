package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import java.util.List;

/**
 * Checks a recording against what physics and causality allow: stops happen where the drone is, no
 * faster than it flies, in time order, on a battery that never goes negative, one place at a time.
 * Pure: a recording in, a report per check out.
 */
public final class PhysicsChecker {

  private PhysicsChecker() {}

  /** Every physical check, in report order. */
  public static List<PhysicalCheck> checks(PhysicsTolerances tolerances) {
    return List.of(
        new StageTimesInOrder(),
        new AtTheStop(AtTheStop.Stop.PICKUP, tolerances),
        new AtTheStop(AtTheStop.Stop.DROP_OFF, tolerances),
        new PickupNoSoonerThanFlight(tolerances),
        new BatteryNeverNegative(),
        new OneDroneOnePlace(tolerances));
  }

  public static List<CheckReport> check(Recording recording, PhysicsTolerances tolerances) {
    return check(recording, checks(tolerances));
  }

  static List<CheckReport> check(Recording recording, List<PhysicalCheck> checks) {
    List<DeliveryTimeline> deliveries = DeliveryTimeline.of(recording.statuses());
    return checks.stream()
        .map(check -> CheckReport.tally(check.name(), check.judge(deliveries, recording)))
        .toList();
  }
}
