package dev.dronedispatch.kv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Failure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The epoch fence over a real installed membership: admissions, and installs against them. */
class MembershipFenceTest {

  @TempDir Path dir;
  InstalledMembership installed;
  MembershipFence fence;
  final ExecutorService threads = Executors.newCachedThreadPool();
  final Scheduler waits = Schedulers.fromExecutorService(threads);

  static MembershipDocument epoch(long epoch) {
    return MembershipDocument.parse(
        ("{\"epoch\":" + epoch + ",\"members\":[\"a\"]}").getBytes(StandardCharsets.UTF_8));
  }

  static OptionalLong planned(long epoch) {
    return OptionalLong.of(epoch);
  }

  @BeforeEach
  void installEpochTwo() {
    installed = InstalledMembership.load(dir);
    fence = new MembershipFence(installed);
    fence.install(epoch(2));
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void workPlannedUnderAnOlderEpochIsRefusedWithTheInstalledMembership() {
    assertThatThrownBy(() -> fence.admit(planned(1), waits).block())
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.STALE_MEMBERSHIP);
              assertThat(e.getMessage()).contains("epoch 1").contains("epoch 2");
              assertThat(e.members())
                  .containsEntry("epoch", 2L)
                  .containsEntry("membership", installed.current().document());
            });
    assertThatThrownBy(() -> fence.check(planned(0))).isInstanceOf(ApiException.class);
    // the refusals held nothing back: an install takes every permit
    fence.install(epoch(3));
  }

  @Test
  void theInstalledOrANewerEpochOrNoneAtAllIsAdmittedAtOnce() {
    for (OptionalLong admissible : List.of(planned(2), planned(9), OptionalLong.empty())) {
      CompletableFuture<Runnable> admission = fence.admit(admissible, waits).toFuture();
      assertThat(admission).as("%s", admissible).isDone();
      admission.join().run();
    }
    // a newer epoch is not learned from a request: only an install changes the installed one
    assertThat(fence.current().epoch()).isEqualTo(2);
  }

  @Test
  void theHeaderIsANonNegativeDecimalEpoch() {
    assertThat(MembershipFence.plannedEpoch(null)).isEmpty();
    assertThat(MembershipFence.plannedEpoch("42")).hasValue(42);
    for (String bad : new String[] {"", "x", "-1", "1.0", "0x10", "99999999999999999999"}) {
      assertThatThrownBy(() -> MembershipFence.plannedEpoch(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED_REQUEST));
    }
  }

  @Test
  void anInstallWaitsForAnAdmittedRequestAndThenTheOldEpochIsRefused() throws Exception {
    Runnable inFlight = fence.admit(planned(2), waits).block(Duration.ofSeconds(5));

    Future<?> install = threads.submit(() -> fence.install(epoch(3)));
    CompletableFuture<Runnable> arrivingDuringTheInstall = waitingAdmission(planned(2));

    assertThatThrownBy(() -> install.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(fence.current().epoch()).isEqualTo(2);
    assertThat(arrivingDuringTheInstall).isNotDone();
    inFlight.run();
    install.get(5, TimeUnit.SECONDS);
    assertThat(fence.current().epoch()).isEqualTo(3);
    assertThatThrownBy(() -> arrivingDuringTheInstall.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.failure()).isEqualTo(Failure.STALE_MEMBERSHIP));
    assertThatThrownBy(() -> fence.admit(planned(2), waits).block())
        .isInstanceOf(ApiException.class);
  }

  @Test
  void anAdmissionIsReleasedOnceHoweverOftenItIsRun() throws Exception {
    Runnable admission = fence.admit(planned(2), waits).block(Duration.ofSeconds(5));
    Runnable other = fence.admit(planned(2), waits).block(Duration.ofSeconds(5));
    admission.run();
    admission.run();

    // were the first given back twice, the install would not wait for the second
    Future<?> install = threads.submit(() -> fence.install(epoch(3)));
    assertThatThrownBy(() -> install.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    other.run();
    install.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aRequestGivingUpWhileWaitingHoldsNothing() throws Exception {
    Runnable inFlight = fence.admit(planned(2), waits).block(Duration.ofSeconds(5));
    Future<?> install = threads.submit(() -> fence.install(epoch(3)));
    // admissible after the install, but its caller stops waiting first
    waitingAdmission(planned(9)).cancel(true);
    inFlight.run();
    install.get(5, TimeUnit.SECONDS);

    Future<?> next = threads.submit(() -> fence.install(epoch(4)));
    next.get(5, TimeUnit.SECONDS);
    assertThat(fence.current().epoch()).isEqualTo(4);
  }

  @Test
  void admittedWorkRunsToItsEndBeforeAnInstallEvenIfItsCallerStopsWaiting() throws Exception {
    CompletableFuture<String> finish = new CompletableFuture<>();
    AtomicBoolean ended = new AtomicBoolean();
    Disposable caller =
        fence
            .admitted(
                planned(2),
                waits,
                () -> Mono.fromFuture(finish).doOnSuccess(done -> ended.set(true)))
            .subscribe();
    caller.dispose();

    Future<?> install = threads.submit(() -> fence.install(epoch(3)));
    assertThatThrownBy(() -> install.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    finish.complete("done under epoch 2");
    install.get(5, TimeUnit.SECONDS);
    assertThat(ended).isTrue();
  }

  @Test
  void anInstallIsNotStarvedByAStreamOfAdmissions() throws Exception {
    AtomicBoolean admitting = new AtomicBoolean(true);
    List<Future<?>> streams = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      streams.add(
          threads.submit(
              () -> {
                while (admitting.get()) {
                  // newer than any install here, so always admitted; held long enough to overlap
                  Runnable admission = fence.admit(planned(99), waits).block();
                  sleep(2);
                  admission.run();
                }
              }));
    }
    sleep(50);

    Future<?> install = threads.submit(() -> fence.install(epoch(3)));

    try {
      install.get(5, TimeUnit.SECONDS);
    } finally {
      admitting.set(false);
    }
    assertThat(fence.current().epoch()).isEqualTo(3);
    for (Future<?> stream : streams) {
      stream.get(5, TimeUnit.SECONDS);
    }
  }

  /**
   * An admission for {@code planned} subscribed once an install has queued up for the fence: it
   * waits, not admitted at once. Admissions made at once before that are released.
   */
  private CompletableFuture<Runnable> waitingAdmission(OptionalLong planned) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      CompletableFuture<Runnable> admission = fence.admit(planned, waits).toFuture();
      if (!admission.isDone()) {
        return admission;
      }
      admission.join().run();
      Thread.onSpinWait();
    }
    throw new AssertionError("no install came to hold the fence");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
