package dev.dronedispatch.checking.fault;

import java.io.IOException;

/**
 * A lost drone's fault cleared through the simulator's fault switch: it reports, and flies, again.
 */
public record FindDrone() implements Fault {

  @Override
  public String name() {
    return "find-drone";
  }

  public void inject(DroneFaultSwitch fleet, String droneId, FaultLog log)
      throws IOException, InterruptedException {
    fleet.clear(droneId);
    log.record(this, droneId, "cleared");
  }
}
