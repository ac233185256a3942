package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.ring.NodeRef;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Health of the storage nodes: probed every {@code interval} on {@code /health}, and marked down at
 * once when a request to them fails at the transport level. Remembers when each node last came up
 * (a node that just returned may have missed writes) and tells listeners about recoveries.
 */
public final class NodeHealth implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeHealth.class);

  private record State(boolean up, long sinceMs) {}

  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final List<Consumer<NodeRef>> onUp = new CopyOnWriteArrayList<>();
  private final LongSupplier clock;
  private final Supplier<List<NodeRef>> nodes;
  private final Disposable probing;

  /**
   * {@code initial}: the nodes known at start, assumed up; {@code nodes}: the nodes to probe, asked
   * again on every probe (the membership may have grown).
   */
  public NodeHealth(
      List<NodeRef> initial,
      Supplier<List<NodeRef>> nodes,
      NodeClient client,
      Duration interval,
      LongSupplier clockMs) {
    this.clock = clockMs;
    this.nodes = nodes;
    // assumed up since long ago: a node that missed writes has hints on disk, which also make
    // the primary sync before deciding; a node that is really down is marked so on first contact
    for (NodeRef n : initial) {
      states.put(n.id(), new State(true, Long.MIN_VALUE / 2));
    }
    probing =
        Flux.interval(Duration.ZERO, interval)
            .onBackpressureDrop()
            .flatMap(
                tick ->
                    Flux.fromIterable(nodes.get())
                        .flatMap(
                            n ->
                                client
                                    .send(n, HttpMethod.GET, "/health", null)
                                    .map(r -> r.status() == 200)
                                    .onErrorReturn(false)
                                    .doOnNext(ok -> set(n, ok))),
                1)
            .subscribe();
  }

  public boolean isUp(NodeRef node) {
    State s = states.get(node.id());
    return s != null && s.up();
  }

  /** Whether the node came up (or was first seen) less than {@code window} ago. */
  public boolean upSince(NodeRef node, Duration window) {
    State s = states.get(node.id());
    return s != null && s.up() && clock.getAsLong() - s.sinceMs() < window.toMillis();
  }

  public void markDown(NodeRef node) {
    set(node, false);
  }

  /** Marks the failed node down and carries on with {@code fallback} (an answer of "nothing"). */
  public <T> reactor.core.publisher.Mono<T> markDown(NodeClient.NodeFailure failure, T fallback) {
    markDown(failure.node());
    return reactor.core.publisher.Mono.just(fallback);
  }

  public void onRecovery(Consumer<NodeRef> listener) {
    onUp.add(listener);
  }

  /** How many of the nodes to probe are up now. */
  public long healthyCount() {
    return nodes.get().stream().filter(this::isUp).count();
  }

  private void set(NodeRef node, boolean up) {
    State before = states.get(node.id());
    if (before != null && before.up() == up) {
      return;
    }
    State after = new State(up, clock.getAsLong());
    boolean changed =
        before == null
            ? states.putIfAbsent(node.id(), after) == null
            : states.replace(node.id(), before, after);
    if (changed) {
      log.info("node {} is {} url={}", node.id(), up ? "UP" : "DOWN", node.url());
      if (up) {
        onUp.forEach(l -> l.accept(node));
      }
    }
  }

  @Override
  public void close() {
    probing.dispose();
  }
}
