package dev.dronedispatch.checking.fault;

import java.io.IOException;
import java.util.Locale;

/**
 * A drone of the running system lost through the simulator's fault switch, until it is cleared
 * ({@link FindDrone}).
 */
public record LoseDrone(LoseDrone.Mode mode) implements Fault {

  /** How the drone is lost. */
  public enum Mode {
    /** It flies its mission on but sends nothing. */
    SILENT,
    /** It stops where it is and keeps reporting from there. */
    STRANDED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String name() {
    return "lose-drone";
  }

  public void inject(DroneFaultSwitch fleet, String droneId, FaultLog log)
      throws IOException, InterruptedException {
    fleet.fail(droneId, mode.wireName());
    log.record(this, droneId, mode.wireName());
  }
}
