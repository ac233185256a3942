package dev.dronedispatch.simulator.management;

import dev.dronedispatch.simulator.fleet.DroneFault;

/** What the fault switch port acts on: the running fleet. */
public interface FaultSwitch {

  /** Switches {@code fault} on for a drone; false if there is no such drone. */
  boolean fail(String droneId, DroneFault fault);

  /** Switches a drone's fault off; false if there is no such drone. */
  boolean clearFault(String droneId);
}
