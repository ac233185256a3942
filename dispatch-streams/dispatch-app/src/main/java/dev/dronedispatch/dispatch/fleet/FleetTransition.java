package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.fleet.DroneStatus;

/** A drone status change the dispatcher decided, with the rule that decided it. */
public record FleetTransition(String droneId, DroneStatus from, DroneStatus to, String reason) {

  public static final String ASSIGNED = "assigned";
  public static final String DELIVERED = "delivered";
  public static final String ROLLBACK = "rollback";
  public static final String CHARGE_BATTERY_CRITICAL = "charge:battery_critical";
  public static final String CHARGE_FEAS_MISS = "charge:feas_miss_threshold";
  public static final String READY_CHARGED = "ready:charged";
  public static final String RETIRED_CHARGED = "retired:charged";
  public static final String AUTOSCALE_ACTIVATE = "autoscale:activate";
  public static final String AUTOSCALE_RETIRE = "autoscale:retire";
  public static final String LOST_SILENT = "lost:silent";
  public static final String LOST_STUCK = "lost:stuck";
  public static final String FOUND = "found";

  public FleetTransition {
    if (!DroneStateMachine.allowed(from, to)) {
      throw new IllegalArgumentException("transition not allowed: " + from + " -> " + to);
    }
  }
}
