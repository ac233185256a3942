package dev.dronedispatch.checking.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * SIGSTOP, then SIGCONT after {@code duration}: the process stands still (a long GC pause, a
 * stalled host) with its sockets and state intact, while the rest of the system carries on.
 */
public record Pause(Duration duration) implements Fault {

  @Override
  public String name() {
    return "pause";
  }

  /**
   * Pauses the target's process for the duration, on this thread; resumes it even if interrupted.
   */
  public void inject(Target target, FaultLog log) throws InterruptedException {
    long pid = target.process().pid();
    signal("STOP", pid);
    log.record(this, target.name(), "SIGSTOP pid " + pid);
    try {
      Thread.sleep(duration.toMillis());
    } finally {
      signal("CONT", pid);
      log.record(this, target.name(), "SIGCONT pid " + pid + " after " + duration);
    }
  }

  /** Java sends only SIGTERM and SIGKILL, so the others go through {@code kill}. */
  private static void signal(String signal, long pid) throws InterruptedException {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
