package dev.dronedispatch.checking.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process faults on real child processes ({@code sleep}), as the fault tests use them. */
class ProcessFaultsTest {

  private final List<Process> started = new ArrayList<>();
  private final List<FaultEvent> heard = new ArrayList<>();
  private final FaultLog log = new FaultLog(heard::add);

  @AfterEach
  void stopAll() {
    started.forEach(Process::destroyForcibly);
  }

  private Process sleeper() throws IOException {
    Process p = new ProcessBuilder("sleep", "60").start();
    started.add(p);
    return p;
  }

  /** The process state letter of {@code /proc/<pid>/stat}: {@code T} while stopped. */
  private static char state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  @Test
  void killEndsTheProcessAndSaysSo() throws Exception {
    Process p = sleeper();

    new Kill().inject(Target.of("sleeper", p), log);

    assertThat(p.isAlive()).isFalse();
    assertThat(log.events())
        .extracting(FaultEvent::fault, FaultEvent::target, FaultEvent::detail)
        .containsExactly(tuple("kill", "sleeper", "SIGKILL pid " + p.pid()));
    assertThat(heard).isEqualTo(log.events());
  }

  @Test
  void pauseStopsTheProcessForItsDurationThenLetsItGoOn() throws Exception {
    Process p = sleeper();
    Target target = Target.of("sleeper", p);

    CompletableFuture<Void> paused =
        CompletableFuture.runAsync(
            () -> {
              try {
                new Pause(Duration.ofMillis(800)).inject(target, log);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    while (log.events().isEmpty()) {
      Thread.sleep(10);
    }
    assertThat(state(p.pid())).as("while paused").isEqualTo('T');
    paused.get();

    assertThat(p.isAlive()).isTrue();
    assertThat(state(p.pid())).as("after the pause").isNotEqualTo('T');
    assertThat(log.events())
        .extracting(FaultEvent::fault, FaultEvent::detail)
        .containsExactly(
            tuple("pause", "SIGSTOP pid " + p.pid()),
            tuple("pause", "SIGCONT pid " + p.pid() + " after PT0.8S"));
    assertThat(Duration.between(log.events().get(0).at(), log.events().get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(800));
  }

  @Test
  void restartStartsAKilledTargetAgain() throws Exception {
    AtomicReference<Process> current = new AtomicReference<>(sleeper());
    long first = current.get().pid();
    Restartable target =
        Restartable.of("sleeper", () -> current.get().toHandle(), () -> current.set(sleeper()));

    new Kill().inject(target, log);
    new Restart().inject(target, log);

    assertThat(current.get().isAlive()).isTrue();
    assertThat(current.get().pid()).isNotEqualTo(first);
    assertThat(log.events())
        .extracting(FaultEvent::fault, FaultEvent::detail)
        .containsExactly(
            tuple("kill", "SIGKILL pid " + first),
            tuple("restart", "started again, pid " + current.get().pid()));
  }
}
