package dev.dronedispatch.kv.node;

import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Runs a batch of {@link NodeOp}s against the store: reads at once (the cache answers most); the
 * writes together on one store thread as a group ({@link NodeStore#writeAll}: one RocksDB write,
 * one fsync); fenced compare-and-sets, which also check and raise a lock's fencing token, and lock
 * operations one by one. Answers in request order once all are done.
 */
final class NodeOpExecutor {

  private final NodeStore store;
  private final Function<Callable<List<NodeOpResult>>, Mono<List<NodeOpResult>>> onStoreThreads;
  private final Counter applied;
  private final Counter stale;

  NodeOpExecutor(
      NodeStore store,
      Function<Callable<List<NodeOpResult>>, Mono<List<NodeOpResult>>> onStoreThreads,
      MeterRegistry registry) {
    this.store = store;
    this.onStoreThreads = onStoreThreads;
    this.applied = Counter.builder("kv.node.apply").tag("result", "applied").register(registry);
    this.stale = Counter.builder("kv.node.apply").tag("result", "stale").register(registry);
  }

  Mono<List<NodeOpResult>> execute(List<NodeOp> ops) {
    NodeOpResult[] results = new NodeOpResult[ops.size()];
    List<Integer> groupAt = new ArrayList<>();
    List<NodeOp> group = new ArrayList<>();
    List<Mono<Void>> work = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      NodeOp op = ops.get(i);
      int at = i;
      if (op instanceof NodeOp.Get g) {
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
          onStoreThreads
              .apply(() -> store.writeAll(group))
              .doOnNext(
                  rs -> {
                    for (int j = 0; j < rs.size(); j++) {
                      results[groupAt.get(j)] = count(rs.get(j));
                    }
                  })
              .then());
    }
    return Mono.when(work).then(Mono.fromCallable(() -> Arrays.asList(results)));
  }

  /** One operation on a store thread by itself; {@code done} takes its result. */
  private Mono<Void> alone(Callable<NodeOpResult> op, Consumer<NodeOpResult> done) {
    return onStoreThreads
        .apply(() -> List.of(op.call()))
        .doOnNext(r -> done.accept(r.get(0)))
        .then();
  }

  private NodeOpResult count(NodeOpResult r) {
    if (r instanceof NodeOpResult.Applied a) {
      (a.applied() ? applied : stale).increment();
    }
    return r;
  }
}
