package dev.dronedispatch.checking.fault;

import java.io.IOException;
import java.util.function.Supplier;

/** A target found by how to get its current process and started again by {@code start}. */
record StartableTarget(String name, Supplier<ProcessHandle> current, Restartable.Start start)
    implements Restartable {

  @Override
  public ProcessHandle process() {
    return current.get();
  }

  @Override
  public void restart() throws IOException, InterruptedException {
    start.run();
  }
}
