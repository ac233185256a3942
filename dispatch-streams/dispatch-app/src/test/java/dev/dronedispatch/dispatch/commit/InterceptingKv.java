package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.testkit.ForwardingKvClient;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * A KvClient that runs a hook before each compare-and-set (a concurrent writer, in a test) and
 * counts the reads.
 */
final class InterceptingKv extends ForwardingKvClient {

  private volatile Consumer<CasRequest> beforeCas = r -> {};
  final java.util.concurrent.atomic.AtomicInteger reads =
      new java.util.concurrent.atomic.AtomicInteger();

  InterceptingKv(KvClient delegate) {
    super(delegate);
  }

  void beforeCas(Consumer<CasRequest> hook) {
    this.beforeCas = hook;
  }

  @Override
  public Mono<java.util.Optional<dev.dronedispatch.kv.client.KvEntry>> get(String key) {
    reads.incrementAndGet();
    return delegate.get(key);
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return Mono.defer(
        () -> {
          beforeCas.accept(request);
          return delegate.compareAndSet(request);
        });
  }
}
