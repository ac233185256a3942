package dev.dronedispatch.bench.chaos;

import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.checking.fault.Kill;
import dev.dronedispatch.checking.fault.Pause;
import dev.dronedispatch.checking.fault.Restart;
import dev.dronedispatch.checking.fault.Restartable;
import dev.dronedispatch.launcher.LocalSystem;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the {@link NemesisPlan} against a running system on its own thread, one step after another
 * with a gap between them, until stopped; a step under way is finished (a killed service started
 * again, a paused one resumed, failed drones cleared) before {@link #stop} returns.
 */
final class Nemesis implements AutoCloseable {

  private final LocalSystem system;
  private final NemesisPlan plan;
  private final DroneFaults drones;
  private final Duration gap;
  private final Duration downtime;
  private final FaultLog log;
  private final Consumer<String> progress;
  private final AtomicInteger injected = new AtomicInteger();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;

  Nemesis(
      LocalSystem system,
      NemesisPlan plan,
      DroneFaults drones,
      Duration gap,
      Duration downtime,
      FaultLog log,
      Consumer<String> progress) {
    this.system = system;
    this.plan = plan;
    this.drones = drones;
    this.gap = gap;
    this.downtime = downtime;
    this.log = log;
    this.progress = progress;
    this.thread = new Thread(this::run, "nemesis");
  }

  Nemesis start() {
    thread.start();
    return this;
  }

  /** Faults injected so far: kills, pauses and failed drones. */
  int injected() {
    return injected.get();
  }

  /** Steps that could not be carried out (a service that did not come back, say). */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Lets the step under way finish, then stops. */
  void stop() throws InterruptedException {
    stopping = true;
    thread.join();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void run() {
    for (int i = 0; !stopping; i++) {
      if (!sleep(gap)) {
        return;
      }
      NemesisStep step = plan.step(i);
      progress.accept("nemesis: " + describe(step));
      try {
        perform(step);
      } catch (IOException | RuntimeException e) {
        problems.add(Instant.now() + " " + describe(step) + ": " + e);
        progress.accept("nemesis: " + describe(step) + " failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void perform(NemesisStep step) throws IOException, InterruptedException {
    if (step instanceof NemesisStep.KillAndRestart k) {
      Restartable target = target(k.service());
      new Kill().inject(target, log);
      injected.incrementAndGet();
      Thread.sleep(downtime.toMillis());
      new Restart().inject(target, log);
    } else if (step instanceof NemesisStep.PauseAndResume p) {
      injected.incrementAndGet();
      new Pause(p.pause()).inject(target(p.service()), log);
    } else if (step instanceof NemesisStep.FailDrones) {
      injected.addAndGet(drones.loseAndFind(log));
    }
  }

  private Restartable target(String service) {
    return Restartable.of(
        service,
        () -> ProcessHandle.of(system.pid(service)).orElseThrow(),
        () -> system.restart(service));
  }

  private boolean sleep(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    try {
      while (!stopping && System.nanoTime() < until) {
        Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !stopping;
  }

  private static String describe(NemesisStep step) {
    if (step instanceof NemesisStep.KillAndRestart k) {
      return "kill -9 " + k.service() + ", then restart it";
    }
    if (step instanceof NemesisStep.PauseAndResume p) {
      return "pause " + p.service() + " for " + p.pause().toSeconds() + " s";
    }
    return "fail two busy drones (silent, stranded) through the fault switch";
  }
}
