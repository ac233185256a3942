package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.kv.client.ForwardingKvClient;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * A KvClient that runs a hook before each batch (a concurrent writer stepping in between two round
 * trips, in a test) and counts the batches.
 */
final class InterceptingKv extends ForwardingKvClient {

  private volatile Consumer<List<KvOp>> beforeBatch = ops -> {};
  final AtomicInteger batches = new AtomicInteger();

  InterceptingKv(KvClient delegate) {
    super(delegate);
  }

  void beforeBatch(Consumer<List<KvOp>> hook) {
    this.beforeBatch = hook;
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    return Mono.defer(
        () -> {
          batches.incrementAndGet();
          beforeBatch.accept(ops);
          return delegate.batch(ops);
        });
  }
}
