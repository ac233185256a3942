package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.membership.Placement;
import dev.dronedispatch.kv.replication.NodeClient;
import dev.dronedispatch.kv.replication.NodeClient.NodeFailure;
import dev.dronedispatch.kv.replication.NodeHealth;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.LastWriteWins;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Delivers hints to their nodes every {@code interval} and as soon as a node recovers: in pages,
 * with bounded parallelism, as last-write-wins applies (the receiver keeps a newer value it has).
 * Then it releases the copies stand-ins took in the node's place ({@link HandBack}), so each key
 * ends up on its home replicas only. A hint is deleted once delivered and released, and only if it
 * was not replaced meanwhile; a hint whose hand-back needs a node that is down stays for the next
 * round.
 */
public final class HintReplayer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HintReplayer.class);
  private static final int PAGE = 256;

  private final HintStore store;
  private final NodeClient client;
  private final NodeHealth health;
  private final Supplier<Placement> placement;
  private final ConcurrentHashMap<String, AtomicBoolean> running = new ConcurrentHashMap<>();
  private final Counter delivered;
  private final Counter superseded;
  private final Counter released;
  private final Disposable ticker;

  public HintReplayer(
      HintStore store,
      NodeClient client,
      NodeHealth health,
      Supplier<Placement> placement,
      Duration interval,
      MeterRegistry registry) {
    this.store = store;
    this.client = client;
    this.health = health;
    this.placement = placement;
    this.delivered =
        Counter.builder("kv.hints.replayed").tag("result", "applied").register(registry);
    this.superseded =
        Counter.builder("kv.hints.replayed").tag("result", "receiver_newer").register(registry);
    this.released =
        Counter.builder("kv.hints.standin.released")
            .description("stand-in copies dropped after their hint was delivered")
            .register(registry);
    health.onRecovery(this::flushSoon);
    ticker =
        Flux.interval(interval, interval)
            .onBackpressureDrop()
            .subscribe(t -> placement.get().nodes().forEach(this::flushSoon));
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

  /** Delivers every hint owed to {@code node}; answers how many were settled and deleted. */
  public Mono<Long> flush(NodeRef node, String after) {
    return Mono.defer(
        () -> {
          List<Hint> page = store.pending(node.id(), after, PAGE);
          if (page.isEmpty()) {
            return Mono.just(0L);
          }
          return Flux.fromIterable(page)
              .flatMap(h -> settle(node, h), 16)
              .reduce(0L, Long::sum)
              .flatMap(
                  n ->
                      page.size() < PAGE
                          ? Mono.just(n)
                          : flush(node, page.get(page.size() - 1).key()).map(m -> n + m));
        });
  }

  /** Delivers one hint, hands it back and deletes it: 1 when deleted, else 0. */
  private Mono<Long> settle(NodeRef node, Hint h) {
    return client
        .apply(node, h.key(), h.record())
        .doOnNext(
            held ->
                (LastWriteWins.compare(held, h.record()) > 0 ? superseded : delivered).increment())
        .then(handBack(h))
        // deleting the hint fsyncs: not on the event loop
        .publishOn(Schedulers.boundedElastic())
        .map(done -> done && store.removeIfDelivered(h) ? 1L : 0L);
  }

  /**
   * Gives the record to the key's other home replicas, then releases the stand-ins' copies; false
   * (the hint stays) when a node it needs is down or fails.
   */
  private Mono<Boolean> handBack(Hint h) {
    Placement now = placement.get();
    HandBack plan = HandBack.of(h, now.writePlan(h.key(), n -> true).preferenceList(), now.nodes());
    if (plan.standIns().isEmpty()) {
      return Mono.just(true);
    }
    if (!plan.involved().stream().allMatch(health::isUp)) {
      return Mono.just(false);
    }
    return Flux.fromIterable(plan.otherHomes())
        .flatMap(home -> client.apply(home, h.key(), h.record()))
        .then(
            Flux.fromIterable(plan.standIns())
                .flatMap(standIn -> client.release(standIn, h.key(), h.record()))
                .filter(dropped -> dropped)
                .doOnNext(dropped -> released.increment())
                .then())
        .thenReturn(true)
        .onErrorResume(NodeFailure.class, f -> health.markDown(f, false));
  }

  @Override
  public void close() {
    ticker.dispose();
  }
}
