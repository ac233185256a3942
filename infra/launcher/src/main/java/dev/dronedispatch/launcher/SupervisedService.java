package dev.dronedispatch.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One service of the local system and the process currently running it. When the process exits on
 * its own (not stopped by the launcher), the {@link RestartPolicy} decides: it is started again
 * after the policy's delay, and the console is told which service died, with what exit code, and
 * when the next attempt is; or, with restarts off, the console is told it stays down.
 */
final class SupervisedService {

  private static final Duration POLL = Duration.ofMillis(250);

  private final ServiceSpec spec;
  private final Path logs;
  private final RestartPolicy policy;
  private final Duration readyTimeout;
  private final Consumer<String> console;
  private final ScheduledExecutorService restarts;

  private ServiceProcess current;
  private long startedNanos;
  private int attempt;
  private boolean stopped;

  private SupervisedService(
      ServiceSpec spec,
      Path logs,
      RestartPolicy policy,
      Duration readyTimeout,
      Consumer<String> console) {
    this.spec = spec;
    this.logs = logs;
    this.policy = policy;
    this.readyTimeout = readyTimeout;
    this.console = console;
    this.restarts =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "restart-" + spec.name());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the service's first process; {@link #awaitReady} waits for it. */
  static SupervisedService start(
      ServiceSpec spec,
      Path logs,
      RestartPolicy policy,
      Duration readyTimeout,
      Consumer<String> console)
      throws IOException {
    SupervisedService service = new SupervisedService(spec, logs, policy, readyTimeout, console);
    synchronized (service) {
      service.launch();
      console.accept(
          String.format(
              "started %s (pid %d, log %s)", spec.name(), service.current.pid(), service.log()));
    }
    return service;
  }

  String name() {
    return spec.name();
  }

  Path log() {
    return logs.resolve(spec.name() + ".log");
  }

  synchronized long pid() {
    return current.pid();
  }

  /** Empty while a process runs; what the last one left behind once it exited. */
  synchronized Optional<String> exitReport() {
    return current.exitReport();
  }

  /**
   * Waits until the service answers healthy. A process that dies meanwhile fails the wait when
   * restarts are off; with restarts on, the wait goes on for the process started in its place.
   */
  void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      ServiceProcess p;
      synchronized (this) {
        if (stopped) {
          throw new IllegalStateException(spec.name() + " was stopped while starting");
        }
        p = current;
      }
      if (p.healthy()) {
        return;
      }
      if (!p.isAlive() && !policy.enabled()) {
        throw new IllegalStateException(p.exitReport().orElseThrow());
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        spec.name()
            + " not ready after "
            + readyTimeout.toSeconds()
            + " s; last log lines:\n"
            + current().tail());
  }

  /** Starts the service again after it exited (or was killed), and waits until it is ready. */
  void restartNow() throws IOException, InterruptedException {
    synchronized (this) {
      if (current.isAlive()) {
        throw new IllegalStateException(spec.name() + " is still running");
      }
      launch();
      console.accept(String.format("restarted %s (pid %d)", spec.name(), current.pid()));
    }
    awaitReady();
    console.accept(spec.name() + " is ready");
  }

  /** From now on the process is not restarted when it exits; it keeps running. */
  void holdRestarts() {
    synchronized (this) {
      stopped = true;
    }
    restarts.shutdownNow();
  }

  /** Stops the process (SIGTERM, then SIGKILL after {@code grace}); no restart follows. */
  void stop(Duration grace) {
    holdRestarts();
    current().stop(grace);
  }

  private synchronized ServiceProcess current() {
    return current;
  }

  private void launch() throws IOException {
    ServiceProcess p = ServiceProcess.start(spec, logs);
    current = p;
    startedNanos = System.nanoTime();
    p.onExit().thenRun(() -> exited(p));
  }

  private synchronized void exited(ServiceProcess p) {
    if (stopped || p != current) {
      return;
    }
    if (!policy.enabled()) {
      console.accept(
          String.format(
              "WARNING: %s exited with %s and stays down (restarts are off); log %s",
              spec.name(), p.exitCode(), p.log()));
      return;
    }
    attempt = policy.attemptAfter(attempt, Duration.ofNanos(System.nanoTime() - startedNanos));
    Duration delay = policy.delayBefore(attempt);
    console.accept(
        String.format(
            "%s exited unexpectedly with %s; restarting it in %d s (attempt %d; log %s)",
            spec.name(), p.exitCode(), Math.max(1, delay.toSeconds()), attempt, p.log()));
    restarts.schedule(this::relaunch, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The scheduled restart: starts a new process, then reports once it is healthy. */
  private void relaunch() {
    ServiceProcess p;
    synchronized (this) {
      if (stopped || current.isAlive()) {
        return; // stopped meanwhile, or already started again by hand
      }
      try {
        launch();
      } catch (IOException e) {
        console.accept(
            String.format("WARNING: cannot restart %s, it stays down: %s", spec.name(), e));
        return;
      }
      p = current;
      console.accept(String.format("restarted %s (pid %d)", spec.name(), p.pid()));
    }
    try {
      long deadline = System.nanoTime() + readyTimeout.toNanos();
      while (p.isAlive() && System.nanoTime() < deadline) {
        if (p.healthy()) {
          console.accept(spec.name() + " is ready again");
          return;
        }
        Thread.sleep(POLL.toMillis());
      }
      if (p.isAlive()) {
        console.accept(
            String.format(
                "WARNING: %s restarted but not ready after %d s; log %s",
                spec.name(), readyTimeout.toSeconds(), p.log()));
      }
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }
}
