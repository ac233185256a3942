package dev.dronedispatch.kv.rebalance;

import dev.dronedispatch.kv.antientropy.AntiEntropy;
import dev.dronedispatch.kv.membership.Membership;
import dev.dronedispatch.kv.membership.MembershipJson;
import dev.dronedispatch.kv.membership.MembershipSync;
import dev.dronedispatch.kv.membership.MembershipView;
import dev.dronedispatch.kv.membership.Phase;
import dev.dronedispatch.kv.rebalance.ChangeProgress.Step;
import dev.dronedispatch.kv.replication.NodeClient;
import dev.dronedispatch.kv.replication.NodeClient.NodeResponse;
import dev.dronedispatch.kv.replication.StaleMembership;
import dev.dronedispatch.kv.ring.HashRing;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.web.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Adds or removes a storage node while the cluster serves, one {@link Phase} at a time: each step's
 * membership is installed on every node involved before anything relies on it (nodes then refuse
 * coordinators still planning under the step before), and the moving ranges stream to their new
 * homes with anti-entropy rounds that copy without releasing — once while copies already go to both
 * rings, and once more while nobody decides the moving keys, so the new homes hold the old homes'
 * last decisions before they take over. A change stopped half-way (its coordinator killed) is
 * resumed by asking any coordinator for the same change again, or aborted until it has switched.
 */
public final class MembershipChange implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MembershipChange.class);

  /** Pause between attempts at an install or a round that did not complete. */
  private static final Duration RETRY = Duration.ofMillis(500);

  /**
   * Installs a node on its way out may miss: it is being removed (or its join aborted), possibly
   * because it is dead, and once out of the membership nobody sends it work.
   */
  private static final int DEPARTING_INSTALL_ATTEMPTS = 3;

  /** A run stopped because an abort was asked for; the abort's own run follows it. */
  private static final class Aborted extends RuntimeException {
    Aborted() {
      super("aborted", null, false, false);
    }
  }

  private final MembershipView view;
  private final MembershipSync sync;
  private final NodeClient client;
  private final AntiEntropy antiEntropy;
  private final int copies;
  private final Clock clock;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kv-membership-change");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean aborting = new AtomicBoolean();
  private final AtomicReference<ChangeProgress> progress = new AtomicReference<>();
  private final Counter done;
  private final Counter failed;
  private final Counter rounds;

  /** {@code copies}: the copies of each key, below which no removal may shrink the cluster. */
  public MembershipChange(
      MembershipView view,
      MembershipSync sync,
      NodeClient client,
      AntiEntropy antiEntropy,
      int copies,
      Clock clock,
      MeterRegistry registry) {
    this.view = view;
    this.sync = sync;
    this.client = client;
    this.antiEntropy = antiEntropy;
    this.copies = copies;
    this.clock = clock;
    this.done = Counter.builder("kv.membership.changes").tag("result", "done").register(registry);
    this.failed =
        Counter.builder("kv.membership.changes").tag("result", "failed").register(registry);
    this.rounds =
        Counter.builder("kv.membership.streaming.rounds")
            .description("anti-entropy rounds that streamed moving ranges to their new homes")
            .register(registry);
  }

  /**
   * Starts adding {@code node}, or resumes adding it; throws {@link
   * dev.dronedispatch.kv.membership.MembershipChangeRefused} when it cannot start.
   */
  public Mono<ChangeProgress> join(NodeRef node) {
    return sync.refresh()
        .then(
            Mono.fromCallable(
                () ->
                    start(
                        "join",
                        node.id(),
                        m -> m.joining().filter(node::equals).isPresent(),
                        m -> m.join(node))));
  }

  /** Starts removing the member {@code nodeId}, or resumes removing it. */
  public Mono<ChangeProgress> leave(String nodeId) {
    return sync.refresh()
        .then(
            Mono.fromCallable(
                () ->
                    start(
                        "leave",
                        nodeId,
                        m -> m.leaving().filter(n -> n.id().equals(nodeId)).isPresent(),
                        m -> m.leave(nodeId, copies))));
  }

  /**
   * Takes the change under way back to the members it started from (the change this coordinator
   * runs stops first); refused once the next members serve.
   */
  public Mono<ChangeProgress> abort() {
    return sync.refresh().then(Mono.fromCallable(this::startAbort));
  }

  private synchronized ChangeProgress startAbort() {
    Membership now = view.placement().membership();
    Membership back = now.abort();
    String node =
        now.joining().or(now::leaving).map(NodeRef::id).orElseThrow(IllegalStateException::new);
    aborting.set(true);
    ChangeProgress started = ChangeProgress.started("abort", node, back.epoch(), clock.instant());
    progress.set(started);
    log.info("membership change abort asked epoch={} phase={}", now.epoch(), now.phase());
    runner.execute(
        () -> {
          aborting.set(false);
          Membership current = view.placement().membership();
          Membership first;
          try {
            first = current.abort();
          } catch (RuntimeException e) {
            failed.increment();
            progress.updateAndGet(p -> p.failed(e.getMessage(), clock.instant()));
            return;
          }
          running.set(true);
          run(first, current.nodes(), departing(current));
        });
    return started;
  }

  /** The change this coordinator runs or ran last. */
  public Optional<ChangeProgress> progress() {
    return Optional.ofNullable(progress.get());
  }

  private synchronized ChangeProgress start(
      String action,
      String node,
      Predicate<Membership> isThisChange,
      UnaryOperator<Membership> begin) {
    Membership now = view.placement().membership();
    Membership first;
    if (now.changing() && isThisChange.test(now)) {
      if (running.get()) {
        return progress.get();
      }
      first = now;
    } else {
      first = begin.apply(now);
    }
    ChangeProgress started = ChangeProgress.started(action, node, first.epoch(), clock.instant());
    progress.set(started);
    running.set(true);
    log.info(
        "membership change started action={} node={} epoch={} phase={}",
        action,
        node,
        first.epoch(),
        first.phase());
    runner.execute(() -> run(first, first.nodes(), departing(first)));
    return started;
  }

  /** The nodes a change's installs may give up on: the one leaving, or joining (for an abort). */
  private static Set<NodeRef> departing(Membership change) {
    Set<NodeRef> out = new LinkedHashSet<>();
    change.leaving().ifPresent(out::add);
    change.joining().ifPresent(out::add);
    return out;
  }

  private void run(Membership first, List<NodeRef> nodes, Set<NodeRef> departing) {
    try {
      Set<NodeRef> involved = new LinkedHashSet<>(nodes);
      Membership m = first;
      while (true) {
        m = install(m, involved, departing);
        view.adopt(m);
        if (m.phase() == Phase.STABLE) {
          break;
        }
        if (m.phase() == Phase.COPYING) {
          stream(m, Step.COPYING);
        } else if (m.phase() == Phase.HANDOFF) {
          stream(m, Step.HANDING_OVER);
        }
        m = m.advance();
      }
      // the homes a join displaced still hold copies; the next round releases them
      antiEntropy.runSoon();
      progress.updateAndGet(p -> p.done(clock.instant()));
      done.increment();
      log.info("membership change done epoch={} members={}", m.epoch(), m.members());
    } catch (Aborted e) {
      log.info("membership change stopped for an abort");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      progress.updateAndGet(p -> p.failed("the coordinator stopped", clock.instant()));
    } catch (RuntimeException e) {
      failed.increment();
      progress.updateAndGet(p -> p.failed(e.getMessage(), clock.instant()));
      log.warn("membership change failed: {}", e.toString());
    } finally {
      running.set(false);
    }
  }

  /**
   * Installs {@code m} on every involved node, retrying those that fail, and answers it — or, when
   * a node already holds a newer membership (another coordinator got further with the change), that
   * one, installed everywhere too.
   */
  private Membership install(Membership m, Set<NodeRef> involved, Set<NodeRef> departing)
      throws InterruptedException {
    byte[] doc = Json.bytes(MembershipJson.write(m));
    Set<NodeRef> pending = new LinkedHashSet<>(involved);
    int attempts = 0;
    while (true) {
      attempts++;
      stopIfAborting();
      progress.updateAndGet(p -> p.installing(m.epoch(), ids(pending), clock.instant()));
      for (NodeRef node : List.copyOf(pending)) {
        NodeResponse answer;
        try {
          answer = client.send(node, HttpMethod.PUT, "/membership", doc).block();
        } catch (StaleMembership newer) {
          Membership installed = view.placement().membership();
          if (installed.epoch() <= m.epoch()) {
            throw new IllegalStateException(node.id() + " refused epoch " + m.epoch());
          }
          return install(installed, involved, departing);
        } catch (RuntimeException unreachable) {
          log.debug("membership install on {} failed: {}", node.id(), unreachable.toString());
          continue;
        }
        if (answer != null && answer.status() == 200) {
          pending.remove(node);
        } else if (answer != null && answer.status() == 409) {
          throw new IllegalStateException(
              node.id()
                  + " holds a different membership of epoch "
                  + m.epoch()
                  + ": another change raced this one");
        }
      }
      if (attempts >= DEPARTING_INSTALL_ATTEMPTS) {
        for (NodeRef gone : departing) {
          if (pending.remove(gone)) {
            log.warn(
                "membership epoch={} not installed on departing node {}; going on without it",
                m.epoch(),
                gone.id());
          }
        }
      }
      if (pending.isEmpty()) {
        return m;
      }
      Thread.sleep(RETRY.toMillis());
    }
  }

  /**
   * Anti-entropy rounds over the next ring's homes, every involved node a possible source, until
   * one compares every segment and completes every copy.
   */
  private void stream(Membership m, Step step) throws InterruptedException {
    HashRing target = view.placementOf(m).target();
    while (true) {
      stopIfAborting();
      AntiEntropy.Round r = antiEntropy.converge(target, m.nodes(), false).block();
      rounds.increment();
      progress.updateAndGet(p -> p.streamed(step, r, clock.instant()));
      log.info(
          "membership change streamed epoch={} step={} segments={} compared={} divergent={}"
              + " copies={} failures={}",
          m.epoch(),
          step,
          r.segments(),
          r.segmentsCompared(),
          r.segmentsDivergent(),
          r.copies(),
          r.failures());
      if (r.complete()) {
        return;
      }
      Thread.sleep(RETRY.toMillis());
    }
  }

  private void stopIfAborting() {
    if (aborting.get()) {
      throw new Aborted();
    }
  }

  private static List<String> ids(Set<NodeRef> nodes) {
    return nodes.stream().map(NodeRef::id).toList();
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
