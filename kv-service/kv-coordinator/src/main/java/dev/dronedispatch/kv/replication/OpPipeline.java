package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpCodec;
import dev.dronedispatch.kv.ops.NodeOpResult;
import io.micrometer.core.instrument.DistributionSummary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Opportunistic batching of one node's operations: at most {@code depth} batches are in flight; an
 * operation submitted while they are all out waits, and everything that waited leaves together in
 * the next batch when one returns. Idle, an operation goes out at once (no added latency); busy,
 * the per-request cost of HTTP is shared by the whole batch. A batch carries the oldest membership
 * epoch its operations were planned under, so a node with a newer one refuses them all.
 */
final class OpPipeline {

  private record Pending(NodeOp op, long epoch, MonoSink<NodeOpResult> sink) {}

  /** Sends a batch planned under the given epoch. */
  interface Transport {
    Mono<List<NodeOpResult>> send(List<NodeOp> ops, long epoch);
  }

  /** The most operations in one batch. */
  static final int MAX_OPS = 256;

  private final int depth;
  private final int maxBatchBytes;
  private final Transport transport;
  private final DistributionSummary batchSizes;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  OpPipeline(int depth, int maxBatchBytes, Transport transport, DistributionSummary batchSizes) {
    this.depth = depth;
    this.maxBatchBytes = maxBatchBytes;
    this.transport = transport;
    this.batchSizes = batchSizes;
  }

  /** {@code epoch}: the membership epoch the operation was planned under. */
  Mono<NodeOpResult> submit(NodeOp op, long epoch) {
    return Mono.create(
        sink -> {
          synchronized (this) {
            queue.add(new Pending(op, epoch, sink));
          }
          if (!Coalescing.postpone(this)) {
            drain();
          }
        });
  }

  void drain() {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      synchronized (this) {
        if (inFlight >= depth || queue.isEmpty()) {
          return;
        }
        inFlight++;
        int bytes = 0;
        while (!queue.isEmpty() && batch.size() < MAX_OPS) {
          int size = NodeOpCodec.sizeOf(queue.peek().op());
          if (!batch.isEmpty() && bytes + size > maxBatchBytes) {
            break;
          }
          bytes += size;
          batch.add(queue.poll());
        }
      }
      send(batch);
    }
  }

  private void send(List<Pending> batch) {
    batchSizes.record(batch.size());
    List<NodeOp> ops = new ArrayList<>(batch.size());
    long epoch = Long.MAX_VALUE;
    for (Pending p : batch) {
      ops.add(p.op());
      epoch = Math.min(epoch, p.epoch());
    }
    long oldest = epoch;
    Mono.defer(() -> transport.send(ops, oldest))
        .doFinally(
            signal -> {
              synchronized (this) {
                inFlight--;
              }
              drain();
            })
        .subscribe(
            results -> {
              if (results.size() != batch.size()) {
                IllegalStateException e =
                    new IllegalStateException(
                        "node answered " + results.size() + " results for " + batch.size());
                batch.forEach(p -> p.sink().error(e));
                return;
              }
              // what the answers start (replica copies of CAS results, a batch's next operations)
              // leaves together too
              Coalescing.run(
                  () -> {
                    for (int i = 0; i < batch.size(); i++) {
                      batch.get(i).sink().success(results.get(i));
                    }
                  });
            },
            error -> Coalescing.run(() -> batch.forEach(p -> p.sink().error(error))));
  }
}
