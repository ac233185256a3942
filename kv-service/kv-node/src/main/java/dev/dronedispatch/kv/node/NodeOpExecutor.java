package dev.dronedispatch.kv.node;

import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs a batch of {@link NodeOp}s against the store: reads at once (the cache answers most); the
 * writes together on one store thread as a group ({@link NodeStore#writeAll}: one RocksDB write,
 * one fsync); fenced compare-and-sets, which also check and raise a lock's fencing token, and lock
 * operations one by one. Answers in request order once all are done. The {@link MembershipFence}
 * admits the batch as a whole for the epoch it was planned under, so either all of it runs before a
 * membership install takes effect, or none of it runs and the batch fails with the refusal.
 */
final class NodeOpExecutor {

  private final NodeStore store;
  private final MembershipFence fence;
  private final Scheduler storeThreads;
  private final Scheduler fenceWaits;
  private final Counter applied;
  private final Counter stale;

  /**
   * {@code fenceWaits}: where a batch waits to be admitted while an install is under way — not
   * {@code storeThreads}, which the admitted batches the install waits for need to end.
   */
  NodeOpExecutor(
      NodeStore store,
      MembershipFence fence,
      Scheduler storeThreads,
      Scheduler fenceWaits,
      MeterRegistry registry) {
    this.store = store;
    this.fence = fence;
    this.storeThreads = storeThreads;
    this.fenceWaits = fenceWaits;
    this.applied = Counter.builder("kv.node.apply").tag("result", "applied").register(registry);
    this.stale = Counter.builder("kv.node.apply").tag("result", "stale").register(registry);
  }

  /** {@code planned}: the membership epoch the batch was planned under; empty if not stamped. */
  Mono<List<NodeOpResult>> execute(List<NodeOp> ops, OptionalLong planned) {
    return fence.admitted(planned, fenceWaits, () -> run(ops));
  }

  private Mono<List<NodeOpResult>> run(List<NodeOp> ops) {
    NodeOpResult[] results = new NodeOpResult[ops.size()];
    List<Integer> groupAt = new ArrayList<>();
    List<NodeOp> group = new ArrayList<>();
    List<Mono<Void>> work = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      NodeOp op = ops.get(i);
      int at = i;
      if (op instanceof NodeOp.Get g) {
        // now, so before the writes start
        results[i] = new NodeOpResult.Found(store.get(g.key()));
      } else if (op instanceof NodeOp.Cas c && c.fence().isPresent()) {
        work.add(
            alone(
                () ->
                    new NodeOpResult.CasDone(
                        store.compareAndSet(
                            c.key(), c.expected(), c.newValue(), c.floorTs(), c.fence())),
                r -> results[at] = r));
      } else if (op instanceof NodeOp.Lock l) {
        work.add(
            alone(
                () -> new NodeOpResult.Locked(store.lock(l.name(), l.action(), l.floorTs())),
                r -> results[at] = r));
      } else {
        groupAt.add(i);
        group.add(op);
      }
    }
    if (!group.isEmpty()) {
      work.add(
          onStoreThread(() -> store.writeAll(group))
              .doOnNext(
                  rs -> {
                    for (int j = 0; j < rs.size(); j++) {
                      results[groupAt.get(j)] = count(rs.get(j));
                    }
                  })
              .then());
    }
    // a failed part does not cut the others short: the batch ends, and its admission with it,
    // only once none is running
    return Mono.whenDelayError(work).then(Mono.fromCallable(() -> Arrays.asList(results)));
  }

  /** One operation on a store thread by itself; {@code done} takes its result. */
  private Mono<Void> alone(Callable<NodeOpResult> op, Consumer<NodeOpResult> done) {
    return onStoreThread(op).doOnNext(done).then();
  }

  private <T> Mono<T> onStoreThread(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(storeThreads);
  }

  private NodeOpResult count(NodeOpResult r) {
    if (r instanceof NodeOpResult.Applied a) {
      (a.applied() ? applied : stale).increment();
    }
    return r;
  }
}
