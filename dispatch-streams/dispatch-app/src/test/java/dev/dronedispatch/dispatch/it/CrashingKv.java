package dev.dronedispatch.dispatch.it;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.testkit.ForwardingKvClient;
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
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return delegate
        .compareAndSet(request)
        .doOnNext(
            r -> {
              boolean assignment =
                  request.key().startsWith("delivery:")
                      && "assigned".equals(request.newValue().path("status").asString(""));
              if (r.ok() && assignment && armed.compareAndSet(true, false)) {
                fired.set(true);
                throw new Killed("killed after committing " + request.key() + " in the KV");
              }
            });
  }
}
