package dev.dronedispatch.kv.membership;

import dev.dronedispatch.kv.replication.NodeClient;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps a coordinator's {@link MembershipView} current without waiting for a node to refuse a
 * request: asks every known node for its installed membership — every {@code changing} while a
 * change is under way, so that decisions paused for a handoff resume soon after it ends, and every
 * {@code stable} otherwise — and adopts the newest.
 */
public final class MembershipSync implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MembershipSync.class);

  private final MembershipView view;
  private final NodeClient client;
  private final Disposable polling;

  public MembershipSync(
      MembershipView view,
      NodeClient client,
      Duration stable,
      Duration changing,
      LongSupplier clockMs) {
    this.view = view;
    this.client = client;
    AtomicLong lastPoll = new AtomicLong(Long.MIN_VALUE / 2);
    polling =
        Flux.interval(Duration.ZERO, changing)
            .onBackpressureDrop()
            .filter(
                tick ->
                    view.placement().membership().changing()
                        || clockMs.getAsLong() - lastPoll.get() >= stable.toMillis())
            .concatMap(
                tick -> {
                  lastPoll.set(clockMs.getAsLong());
                  return refresh();
                })
            .subscribe();
  }

  /** Asks every known node once; completes when all have answered or failed. */
  public Mono<Void> refresh() {
    return Flux.fromIterable(view.placement().nodes())
        .flatMap(
            node ->
                client
                    .send(node, HttpMethod.GET, "/membership", null)
                    .filter(r -> r.status() == 200 && r.body().path("epoch").asLong(0) > 0)
                    .doOnNext(r -> view.learned(r.body()))
                    .onErrorResume(
                        e -> {
                          log.debug("membership poll of {} failed: {}", node.id(), e.toString());
                          return Mono.empty();
                        }))
        .then();
  }

  @Override
  public void close() {
    polling.dispose();
  }
}
