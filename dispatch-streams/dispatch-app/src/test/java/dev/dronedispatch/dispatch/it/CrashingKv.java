package dev.dronedispatch.dispatch.it;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.testkit.ForwardingKvClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * The real KV client of one dispatch instance, with a kill switch: once armed, the instance dies
 * (an {@link Error} its stream thread does not survive) right after the KV applied an assignment,
 * before Kafka could commit it: the worst moment for exactly-once.
 */
final class CrashingKv extends ForwardingKvClient {

  /** The simulated process death. */
  static final class Killed extends Error {
    Killed(String message) {
      super(message);
    }
  }

  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicBoolean fired = new AtomicBoolean();

  CrashingKv(KvClient delegate) {
    super(delegate);
  }

  void arm() {
    armed.set(true);
  }

  boolean fired() {
    return fired.get();
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    return delegate
        .batch(ops)
        .doOnNext(
            results -> {
              for (int i = 0; i < ops.size(); i++) {
                if (isAssignment(ops.get(i))
                    && results.get(i) instanceof KvOpResult.Compared c
                    && c.cas().ok()
                    && armed.compareAndSet(true, false)) {
                  fired.set(true);
                  throw new Killed("killed after committing " + ops.get(i).key() + " in the KV");
                }
              }
            });
  }

  private static boolean isAssignment(KvOp op) {
    return op instanceof KvOp.CompareAndSet cas
        && cas.key().startsWith("delivery:")
        && "assigned".equals(cas.request().newValue().path("status").asString(""));
  }
}
