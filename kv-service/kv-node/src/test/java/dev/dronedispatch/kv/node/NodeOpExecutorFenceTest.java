package dev.dronedispatch.kv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpResult;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.RocksEngine;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Failure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Operation batches admitted by the membership fence, on a real RocksDB store. */
class NodeOpExecutorFenceTest {

  @TempDir Path dir;
  NodeStore store;
  MembershipFence fence;
  final ExecutorService storeThreadPool = Executors.newCachedThreadPool();
  final ExecutorService fenceWaitPool = Executors.newCachedThreadPool();
  final ExecutorService installers = Executors.newCachedThreadPool();
  final Scheduler storeThreads = Schedulers.fromExecutorService(storeThreadPool);
  final Scheduler fenceWaits = Schedulers.fromExecutorService(fenceWaitPool);
  NodeOpExecutor executor;

  static MembershipDocument epoch(long epoch) {
    return MembershipDocument.parse(("{\"epoch\":" + epoch + "}").getBytes(StandardCharsets.UTF_8));
  }

  static byte[] value(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void open() {
    store =
        new NodeStore(
            new RocksEngine(dir.resolve("data"), true),
            100,
            1 << 20,
            new HybridLogicalClock(),
            System::currentTimeMillis);
    fence = new MembershipFence(InstalledMembership.load(dir.resolve("data")));
    fence.install(epoch(2));
    executor =
        new NodeOpExecutor(store, fence, storeThreads, fenceWaits, new SimpleMeterRegistry());
  }

  @AfterEach
  void close() {
    installers.shutdownNow();
    fenceWaitPool.shutdownNow();
    storeThreadPool.shutdownNow();
    store.close();
  }

  @Test
  void aBatchPlannedUnderAnOlderEpochIsRefusedAndWritesNothing() {
    List<NodeOp> batch =
        List.of(
            new NodeOp.Put("k", value("1"), 0),
            new NodeOp.Lock("l", new LockAction.Acquire("me", 10_000), 0));

    // no check before: the refusal comes from the admission, as for an install after the check
    Mono<List<NodeOpResult>> refused = executor.execute(batch, OptionalLong.of(1));

    assertThatThrownBy(() -> refused.block(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.failure()).isEqualTo(Failure.STALE_MEMBERSHIP));
    assertThat(store.get("k")).isEmpty();
    assertThat(store.get(LockState.keyOf("l"))).isEmpty();
    Mono<List<NodeOpResult>> refusedReads =
        executor.execute(List.of(new NodeOp.Get("k")), OptionalLong.of(1));
    assertThatThrownBy(() -> refusedReads.block(Duration.ofSeconds(5)))
        .isInstanceOf(ApiException.class);
    assertThat(executor.execute(batch, OptionalLong.of(2)).block(Duration.ofSeconds(5))).hasSize(2);
    assertThat(store.get("k")).isPresent();
  }

  @Test
  void aBatchWaitsOffTheCallersThreadWhileAnInstallIsUnderWay() throws Exception {
    store.write("k", value("1"));
    Runnable inFlight = fence.admit(OptionalLong.of(2), fenceWaits).block(Duration.ofSeconds(5));
    Future<?> install = installers.submit(() -> fence.install(epoch(3)));

    // the caller is not held up: once the install waits for the fence, reads wait for it
    CompletableFuture<List<NodeOpResult>> reads;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    do {
      reads = executor.execute(List.of(new NodeOp.Get("k")), OptionalLong.of(3)).toFuture();
    } while (reads.isDone() && System.nanoTime() < deadline);
    assertThat(reads).isNotDone();
    inFlight.run();
    install.get(5, TimeUnit.SECONDS);

    assertThat(reads.get(5, TimeUnit.SECONDS))
        .singleElement()
        .isInstanceOfSatisfying(
            NodeOpResult.Found.class, found -> assertThat(found.record()).isPresent());
  }

  /**
   * The defect this fence exists against: a batch partly applied, then refused, would be planned
   * and run again by its coordinator — a compare-and-set already applied reported as a conflict.
   */
  @Test
  void aBatchRacingAnInstallIsAppliedWhollyOrRefusedWholly() throws Exception {
    for (long planned = 2; planned < 202; planned++) {
      String n = Long.toString(planned);
      List<NodeOp> batch =
          List.of(
              new NodeOp.Put("put-" + n, value(n), 0),
              new NodeOp.Cas(
                  "cas-" + n,
                  Expectation.absent(),
                  value(n),
                  0,
                  Optional.of(new Fence("fence-" + n, 0))),
              new NodeOp.Lock("lock-" + n, new LockAction.Acquire("me", 60_000), 0));
      long next = planned + 1;
      CountDownLatch go = new CountDownLatch(1);
      Future<?> install =
          installers.submit(
              () -> {
                go.await();
                fence.install(epoch(next));
                return null;
              });

      go.countDown();
      Optional<List<NodeOpResult>> answer = answerOrRefusal(batch, planned);

      install.get(5, TimeUnit.SECONDS);
      List<Boolean> stored =
          List.of(
              store.get("put-" + n).isPresent(),
              store.get("cas-" + n).isPresent(),
              store.get(LockState.keyOf("lock-" + n)).isPresent());
      if (answer.isPresent()) {
        assertThat(stored).as("batch %s answered", n).containsOnly(true);
        assertThat(answer.get().get(1))
            .isInstanceOfSatisfying(
                NodeOpResult.CasDone.class,
                done -> assertThat(done.outcome()).isInstanceOf(CasOutcome.Applied.class));
        assertThat(answer.get().get(2))
            .isInstanceOfSatisfying(
                NodeOpResult.Locked.class, locked -> assertThat(locked.outcome().done()).isTrue());
      } else {
        assertThat(stored).as("batch %s refused", n).containsOnly(false);
      }
    }
  }

  /** The batch's results, or empty if it was refused as planned under an older membership. */
  private Optional<List<NodeOpResult>> answerOrRefusal(List<NodeOp> batch, long planned) {
    try {
      return Optional.of(
          executor.execute(batch, OptionalLong.of(planned)).block(Duration.ofSeconds(5)));
    } catch (ApiException e) {
      assertThat(e.failure()).isEqualTo(Failure.STALE_MEMBERSHIP);
      return Optional.empty();
    }
  }
}
