package dev.dronedispatch.checking.fault;

import java.io.IOException;
import java.util.function.Supplier;

/** A target that can be started again, the way it was started the first time. */
public interface Restartable extends Target {

  /** Starts the process again (after a kill, say) and returns once it is ready. */
  void restart() throws IOException, InterruptedException;

  /** How a restartable target starts again. */
  @FunctionalInterface
  interface Start {
    void run() throws IOException, InterruptedException;
  }

  /**
   * A target known by how to find its current process and how to start it again (a service of a
   * launcher, say).
   */
  static Restartable of(String name, Supplier<ProcessHandle> process, Start start) {
    return new StartableTarget(name, process, start);
  }
}
