package dev.dronedispatch.kv.client;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A client whose batches share KV requests when the KV is busy. At most {@code maxInFlight} batch
 * requests are outstanding; the batches asked for meanwhile wait, and leave together as one request
 * of at most {@code maxOps} operations as soon as one comes back. There is no timer: an idle client
 * sends each batch at once, and the busier the KV, the more each request carries. Every operation
 * keeps its own guarantees and its own result, in its caller's order; a caller that gives up before
 * its batch left takes it out of the queue, so none of it is written.
 *
 * <p>Why: a KV request costs the coordinator, the nodes' lanes and this client nearly as much for
 * one operation as for sixteen, and a gateway under load sends many small independent batches (four
 * writes to create a delivery, two to complete it), so the KV spent its time on requests rather
 * than on operations. The other calls go to the delegate unchanged ({@link ForwardingKvClient}).
 *
 * <p>A request combining several callers' batches that the KV refuses as invalid is sent again one
 * batch at a time, so that only the caller whose operation was bad sees the refusal. A KV that is
 * unavailable fails every batch of the request, as it would have failed each alone.
 */
public final class CoalescingKvClient extends ForwardingKvClient {

  /** A caller's batch waiting to leave, and where its results go. */
  private record Waiting(List<KvOp> ops, MonoSink<List<KvOpResult>> answer) {}

  private final int maxInFlight;
  private final int maxOps;
  private final DistributionSummary batchesPerRequest;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param maxInFlight batch requests outstanding at most (1 or more)
   * @param maxOps operations per request at most: the KV's own cap per batch
   */
  public CoalescingKvClient(
      KvClient delegate, int maxInFlight, int maxOps, MeterRegistry registry) {
    super(delegate);
    if (maxInFlight < 1 || maxOps < 1) {
      throw new IllegalArgumentException("maxInFlight and maxOps must be >= 1");
    }
    this.maxInFlight = maxInFlight;
    this.maxOps = maxOps;
    this.batchesPerRequest =
        DistributionSummary.builder("kv.client.batches.per.request")
            .description("Callers' batches that one KV batch request carried")
            .register(registry);
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    if (ops.isEmpty() || ops.size() > maxOps) {
      return delegate.batch(ops); // refused by the delegate or the KV: nothing to share
    }
    List<KvOp> own = List.copyOf(ops);
    return Mono.create(
        sink -> {
          Waiting waiting = new Waiting(own, sink);
          synchronized (this) {
            queue.add(waiting);
          }
          sink.onCancel(() -> withdraw(waiting));
          sendWhatMayLeave();
        });
  }

  private synchronized void withdraw(Waiting waiting) {
    queue.remove(waiting);
  }

  /** Sends the waiting batches, as few requests as the caps allow, while a request may leave. */
  private void sendWhatMayLeave() {
    while (true) {
      List<Waiting> group = new ArrayList<>();
      synchronized (this) {
        if (inFlight >= maxInFlight || queue.isEmpty()) {
          return;
        }
        int ops = 0;
        while (!queue.isEmpty() && ops + queue.peek().ops().size() <= maxOps) {
          Waiting next = queue.poll();
          ops += next.ops().size();
          group.add(next);
        }
        inFlight++;
      }
      send(group);
    }
  }

  private void send(List<Waiting> group) {
    batchesPerRequest.record(group.size());
    List<KvOp> ops = new ArrayList<>();
    group.forEach(w -> ops.addAll(w.ops()));
    delegate
        .batch(ops)
        .doFinally(
            signal -> {
              synchronized (this) {
                inFlight--;
              }
              sendWhatMayLeave();
            })
        .subscribe(results -> answer(group, results), error -> failed(group, error));
  }

  private static void answer(List<Waiting> group, List<KvOpResult> results) {
    int from = 0;
    for (Waiting w : group) {
      int to = from + w.ops().size();
      w.answer().success(List.copyOf(results.subList(from, to)));
      from = to;
    }
  }

  private void failed(List<Waiting> group, Throwable error) {
    if (error instanceof IllegalArgumentException && group.size() > 1) {
      group.forEach(w -> delegate.batch(w.ops()).subscribe(w.answer()::success, w.answer()::error));
      return;
    }
    group.forEach(w -> w.answer().error(error));
  }
}
