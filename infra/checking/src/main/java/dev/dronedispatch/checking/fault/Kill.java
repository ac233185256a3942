package dev.dronedispatch.checking.fault;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** SIGKILL, as {@code kill -9}: the process dies at once, without shutdown hooks or flushes. */
public record Kill() implements Fault {

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public String name() {
    return "kill";
  }

  /** Kills the target's process and returns once it is gone. */
  public void inject(Target target, FaultLog log) throws InterruptedException {
    ProcessHandle process = target.process();
    if (!process.destroyForcibly()) {
      throw new IllegalStateException(
          "could not send SIGKILL to " + target.name() + " (pid " + process.pid() + ")");
    }
    try {
      process.onExit().get(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          target.name() + " (pid " + process.pid() + ") still running after SIGKILL", e);
    }
    log.record(this, target.name(), "SIGKILL pid " + process.pid());
  }
}
