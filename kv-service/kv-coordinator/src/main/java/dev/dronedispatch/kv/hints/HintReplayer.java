package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.replication.NodeClient;
import dev.dronedispatch.kv.replication.NodeHealth;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.LastWriteWins;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Delivers hints to their nodes every {@code interval} and as soon as a node recovers: in pages,
 * with bounded parallelism, as last-write-wins applies (the receiver keeps a newer value it has). A
 * hint is deleted only once delivered and not replaced meanwhile.
 */
public final class HintReplayer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HintReplayer.class);
  private static final int PAGE = 256;

  private final HintStore store;
  private final NodeClient client;
  private final NodeHealth health;
  private final List<NodeRef> nodes;
  private final ConcurrentHashMap<String, AtomicBoolean> running = new ConcurrentHashMap<>();
  private final Counter delivered;
  private final Counter superseded;
  private final Disposable ticker;

  public HintReplayer(
      HintStore store,
      NodeClient client,
      NodeHealth health,
      List<NodeRef> nodes,
      Duration interval,
      MeterRegistry registry) {
    this.store = store;
    this.client = client;
    this.health = health;
    this.nodes = nodes;
    this.delivered =
        Counter.builder("kv.hints.replayed").tag("result", "applied").register(registry);
    this.superseded =
        Counter.builder("kv.hints.replayed").tag("result", "receiver_newer").register(registry);
    health.onRecovery(this::flushSoon);
    ticker =
        Flux.interval(interval, interval)
            .onBackpressureDrop()
            .subscribe(t -> nodes.forEach(this::flushSoon));
  }

  /** Starts a delivery round for {@code node} unless one is running. */
  public void flushSoon(NodeRef node) {
    if (store.count(node.id()) == 0 || !health.isUp(node)) {
      return;
    }
    AtomicBoolean flag = running.computeIfAbsent(node.id(), k -> new AtomicBoolean());
    if (!flag.compareAndSet(false, true)) {
      return;
    }
    flush(node, null)
        .subscribeOn(Schedulers.boundedElastic())
        .doFinally(s -> flag.set(false))
        .subscribe(
            n -> {
              if (n > 0) {
                log.info("hints delivered node={} count={}", node.id(), n);
              }
            },
            e -> {
              health.markDown(node);
              log.warn("hint delivery to {} stopped: {}", node.id(), e.toString());
            });
  }

  /** Delivers every hint owed to {@code node}; answers how many were delivered. */
  public Mono<Long> flush(NodeRef node, String after) {
    return Mono.defer(
        () -> {
          List<Hint> page = store.pending(node.id(), after, PAGE);
          if (page.isEmpty()) {
            return Mono.just(0L);
          }
          return Flux.fromIterable(page)
              .flatMap(
                  h ->
                      client
                          .apply(node, h.key(), h.record())
                          // deleting the hint fsyncs: not on the event loop
                          .publishOn(Schedulers.boundedElastic())
                          .map(
                              held -> {
                                if (LastWriteWins.compare(held, h.record()) > 0) {
                                  superseded.increment();
                                } else {
                                  delivered.increment();
                                }
                                return store.removeIfDelivered(h) ? 1L : 0L;
                              }),
                  16)
              .reduce(0L, Long::sum)
              .flatMap(
                  n ->
                      page.size() < PAGE
                          ? Mono.just(n)
                          : flush(node, page.get(page.size() - 1).key()).map(m -> n + m));
        });
  }

  public List<NodeRef> nodes() {
    return nodes;
  }

  @Override
  public void close() {
    ticker.dispose();
  }
}
