package dev.dronedispatch.checking.fault;

import java.io.IOException;

/** Starts a target again, as it was started the first time, once it was killed (or died). */
public record Restart() implements Fault {

  @Override
  public String name() {
    return "restart";
  }

  /** Restarts the target and returns once it is ready. */
  public void inject(Restartable target, FaultLog log) throws IOException, InterruptedException {
    target.restart();
    log.record(this, target.name(), "started again, pid " + target.process().pid());
  }
}
