package dev.dronedispatch.kv.replication;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A non-blocking per-key mutex: operations on one key run one after the other, in arrival order,
 * without holding a thread; operations on different keys run freely.
 */
public final class KeyedSerializer {

  private final ConcurrentHashMap<String, CompletableFuture<Void>> tails =
      new ConcurrentHashMap<>();

  public <T> Mono<T> run(String key, Supplier<Mono<T>> work) {
    return Mono.defer(
        () -> {
          CompletableFuture<Void> mine = new CompletableFuture<>();
          CompletableFuture<Void> previous = tails.put(key, mine);
          Mono<Void> turn = previous == null ? Mono.empty() : Mono.fromFuture(previous, true);
          return turn.then(Mono.defer(work))
              .doFinally(
                  signal -> {
                    tails.remove(key, mine);
                    if (previous == null) {
                      mine.complete(null);
                    } else {
                      // a cancelled waiter must not let its successor overtake its predecessor
                      previous.whenComplete((ok, error) -> mine.complete(null));
                    }
                  });
        });
  }

  /** Keys with an operation running or queued (for metrics and tests). */
  public int activeKeys() {
    return tails.size();
  }
}
