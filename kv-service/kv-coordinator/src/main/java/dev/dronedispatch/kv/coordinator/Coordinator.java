package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.hints.HintStore;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockOutcome;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.membership.MembershipView;
import dev.dronedispatch.kv.membership.Placement;
import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.replication.Coalescing;
import dev.dronedispatch.kv.replication.KeyedSerializer;
import dev.dronedispatch.kv.replication.NodeClient;
import dev.dronedispatch.kv.replication.NodeClient.NodeFailure;
import dev.dronedispatch.kv.replication.NodeHealth;
import dev.dronedispatch.kv.replication.ReplicaReader;
import dev.dronedispatch.kv.replication.Replicator;
import dev.dronedispatch.kv.replication.ScatterScan;
import dev.dronedispatch.kv.replication.StaleMembership;
import dev.dronedispatch.kv.replication.Written;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.ring.WritePlan;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.LastWriteWins;
import dev.dronedispatch.kv.storage.StoredRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The coordinator's request pipeline: reads ({@link ReplicaReader}), scans ({@link ScatterScan}),
 * and every change — put, delete, compare-and-set, lock — decided at the key's acting primary under
 * a per-key mutex (the primary brought up to date first when it has just taken over), then copied
 * to the other replicas ({@link Replicator}, sloppy quorum with durable hints) before answering.
 * Because the primary decides, several coordinators may serve the same keys. Each request plans
 * with the membership current when it starts ({@link Placement}) and is planned again when a node
 * has a newer one.
 */
public final class Coordinator {

  /** The outcome of a compare-and-set at the primary. */
  public sealed interface Cas {
    record Applied(Written written) implements Cas {}

    record Conflict(Optional<StoredRecord> current) implements Cas {}

    record Fenced(String lock) implements Cas {}
  }

  /** A lock operation's outcome, and its replication when it changed the lock. */
  public record Locked(LockOutcome outcome, Optional<Written> written) {}

  /** How often a request is planned again for newer memberships before it gives up. */
  private static final int MAX_REPLANS = 4;

  /** How long a decision waits for a handoff of its key's replicas to end. */
  private static final Duration HANDOFF_WAIT = Duration.ofSeconds(10);

  private static final Duration HANDOFF_POLL = Duration.ofMillis(50);

  /** A decision on a key whose replicas are being handed over: it waits for the next step. */
  private static final class HandoffUnderWay extends RuntimeException {
    HandoffUnderWay() {
      super("the key's replicas are being handed over", null, false, false);
    }
  }

  private final CoordinatorConfig config;
  private final MembershipView view;
  private final NodeHealth health;
  private final NodeClient nodes;
  private final HintStore hints;
  private final HybridLogicalClock clock;
  private final KeyedSerializer serializer = new KeyedSerializer();
  private final int rf;
  private final ReplicaReader reader;
  private final Replicator replicator;
  private final ScatterScan scatter;
  private final Counter failovers;
  private final Counter takeoverSyncs;
  private final Rules writes;
  private final Rules decisions;

  public Coordinator(
      CoordinatorConfig config,
      MembershipView view,
      NodeHealth health,
      NodeClient nodes,
      HintStore hints,
      HybridLogicalClock clock,
      MeterRegistry registry) {
    this.config = config;
    this.view = view;
    this.health = health;
    this.nodes = nodes;
    this.hints = hints;
    this.clock = clock;
    this.rf = config.effectiveRf();
    this.reader = new ReplicaReader(health, nodes, clock, config.readRepair(), registry);
    this.replicator = new Replicator(health, nodes, hints, registry);
    this.scatter = new ScatterScan(health, nodes);
    failovers = Counter.builder("kv.primary.failovers").register(registry);
    takeoverSyncs = Counter.builder("kv.primary.takeover.syncs").register(registry);
    writes = new Rules(WritePlan::writer, config.allowDegraded(), true);
    decisions = new Rules(WritePlan::primary, config.allowDegradedDecisions(), false);
  }

  public int rf() {
    return rf;
  }

  /** Where keys live under the membership this coordinator plans with now. */
  public Placement placement() {
    return view.placement();
  }

  public NodeHealth health() {
    return health;
  }

  // ---------------------------------------------------------------- reads and writes

  /** The newest record of {@code key} among its replicas (tombstones included). */
  public Mono<Optional<StoredRecord>> read(String key) {
    return planned(p -> reader.read(key, p.readPlan(key, health::isUp)));
  }

  /** Live records of {@code keys}; absent and deleted keys are left out. */
  public Mono<List<KeyedRecord>> readAll(List<String> keys) {
    return planned(p -> reader.readAll(keys, k -> p.readPlan(k, health::isUp)));
  }

  /** Live records by prefix, merged over every live node, in key order. */
  public Mono<List<KeyedRecord>> scan(
      String prefix, Optional<String> start, int limit, boolean reverse) {
    return planned(p -> scatter.scan(p.nodes(), prefix, start, limit, reverse));
  }

  /**
   * A put ({@code value} null: delete) decided at the key's acting primary — which gives it the
   * next version and a timestamp above its copy's, so the writes of a key are ordered in one place
   * whichever coordinator sends them — then copied to the other replicas.
   */
  public Mono<Written> write(String key, byte[] value) {
    return serializer.run(
        key,
        () ->
            atPrimary(
                key,
                writes,
                (plan, primary) ->
                    nodes
                        .put(primary, new NodeOp.Put(key, value, clock.now()))
                        .flatMap(
                            rec -> {
                              clock.observe(rec.ts());
                              return replicator.replicate(
                                  plan, key, rec, primary, config.allowDegraded());
                            })));
  }

  /**
   * Runs {@code op} with the placement current when it starts, its node requests stamped with that
   * membership's epoch. A node that refuses it as planned under an older membership has done
   * nothing, and handed over its newer one: the request is planned again under that.
   */
  private <T> Mono<T> planned(Function<Placement, Mono<T>> op) {
    return Mono.defer(
            () -> {
              Placement p = view.placement();
              return op.apply(p).contextWrite(NodeClient.plannedUnder(p.epoch()));
            })
        .retryWhen(
            Retry.max(MAX_REPLANS)
                .filter(StaleMembership.class::isInstance)
                .onRetryExhaustedThrow(
                    (spec, signal) ->
                        new KvUnavailableException(
                            "the membership kept changing under the request; retry")));
  }

  // ---------------------------------------------------------------- batches

  /**
   * Runs one request's single-key operations — {@code operation} of each index, on {@code
   * keys.get(index)} — each with its own guarantees: on one key one after another in index order,
   * on different keys at once. The node operations they start together leave together, in one
   * request per node and lane where the pipeline's bounds allow. Answers in index order.
   */
  public <T> Mono<List<T>> batch(List<String> keys, IntFunction<Mono<T>> operation) {
    return Coalescing.together(
        Mono.defer(
            () -> {
              AtomicReferenceArray<T> results = new AtomicReferenceArray<>(keys.size());
              List<List<Integer>> chains = BatchOrder.chains(keys);
              return Flux.fromIterable(chains)
                  .flatMap(
                      chain ->
                          Flux.fromIterable(chain)
                              .concatMap(i -> operation.apply(i).doOnNext(r -> results.set(i, r))),
                      Math.max(1, chains.size()))
                  .then(
                      Mono.fromSupplier(
                          () -> {
                            List<T> ordered = new ArrayList<>(keys.size());
                            for (int i = 0; i < keys.size(); i++) {
                              ordered.add(results.get(i));
                            }
                            return ordered;
                          }));
            }));
  }

  // ---------------------------------------------------------------- primary operations

  /** Compare-and-set at the key's acting primary; the replica has the result before success. */
  public Mono<Cas> compareAndSet(
      String key, Expectation expected, byte[] newValue, Optional<Fence> fence) {
    return serializer.run(
        key,
        () ->
            checkFence(fence)
                .flatMap(
                    fenced ->
                        fenced.isPresent()
                            ? Mono.<Cas>just(fenced.get())
                            : atPrimary(
                                key,
                                decisions,
                                (plan, primary) ->
                                    nodes
                                        .compareAndSet(
                                            primary,
                                            new NodeOp.Cas(
                                                key, expected, newValue, clock.now(), fence))
                                        .flatMap(
                                            outcome -> casResult(plan, key, primary, outcome)))));
  }

  private Mono<Cas> casResult(WritePlan plan, String key, NodeRef primary, CasOutcome outcome) {
    if (outcome instanceof CasOutcome.Applied applied) {
      StoredRecord rec = applied.record();
      clock.observe(rec.ts());
      return replicator
          .replicate(plan, key, rec, primary, config.allowDegradedDecisions())
          .map(Cas.Applied::new);
    }
    if (outcome instanceof CasOutcome.Fenced fenced) {
      return Mono.just(new Cas.Fenced(fenced.lockName()));
    }
    return Mono.just(
        new Cas.Conflict(Optional.ofNullable(((CasOutcome.Conflict) outcome).current())));
  }

  /** Empty when the fence holds (lock held with exactly that token), else the refusal. */
  private Mono<Optional<Cas>> checkFence(Optional<Fence> fence) {
    if (fence.isEmpty()) {
      return Mono.just(Optional.empty());
    }
    Fence f = fence.get();
    return lockState(f.lockName())
        .map(
            s ->
                s.heldAt(System.currentTimeMillis()) && s.token() == f.token()
                    ? Optional.<Cas>empty()
                    : Optional.<Cas>of(new Cas.Fenced(f.lockName())));
  }

  public Mono<LockState> lockState(String name) {
    return read(LockState.keyOf(name))
        .map(
            r ->
                r.filter(StoredRecord::live)
                    .map(rec -> KvJson.MAPPER.readValue(rec.value(), LockState.class))
                    .orElse(LockState.NEVER_HELD));
  }

  /**
   * A lock operation at the primary of the lock's key; a changed lock record is replicated before
   * answering.
   */
  public Mono<Locked> lock(String name, LockAction action) {
    String key = LockState.keyOf(name);
    return serializer.run(
        key,
        () ->
            atPrimary(
                key,
                decisions,
                (plan, primary) ->
                    nodes
                        .lock(primary, new NodeOp.Lock(name, action, clock.now()))
                        .flatMap(
                            outcome -> {
                              if (!outcome.done()) {
                                return Mono.just(new Locked(outcome, Optional.empty()));
                              }
                              clock.observe(outcome.record().ts());
                              return replicator
                                  .replicate(
                                      plan,
                                      key,
                                      outcome.record(),
                                      primary,
                                      config.allowDegradedDecisions())
                                  .map(w -> new Locked(outcome, Optional.of(w)));
                            })));
  }

  /**
   * How a kind of change is decided: which node of the plan decides it, whether it may be
   * acknowledged on fewer than RF copies, and whether it may run again at the next replica after
   * the primary failed with the request sent. A put may: running it twice leaves the same value. A
   * compare-and-set or lock operation may not: its first run may have decided already.
   */
  private record Rules(
      Function<WritePlan, Optional<NodeRef>> decider, boolean mayDegrade, boolean repeatable) {}

  /**
   * Runs {@code op} at the node the rules pick from this request's write plan (the acting primary),
   * after bringing it up to date when it has just taken over. Unless the rules allow degrading,
   * refused while fewer than RF replicas are live. A primary that cannot be reached at all (or, for
   * a repeatable change, fails on the way) is marked down and the plan's next replica is used;
   * otherwise a failure after the request was sent is reported (the outcome is unknown).
   */
  private <T> Mono<T> atPrimary(
      String key, Rules rules, BiFunction<WritePlan, NodeRef, Mono<T>> op) {
    return planned(
            p ->
                p.decisionsPaused(key)
                    ? Mono.<T>error(new HandoffUnderWay())
                    : atPrimary(p.writePlan(key, health::isUp), key, rules, op, 0))
        .retryWhen(
            Retry.fixedDelay(HANDOFF_WAIT.dividedBy(HANDOFF_POLL), HANDOFF_POLL)
                .filter(HandoffUnderWay.class::isInstance)
                .onRetryExhaustedThrow(
                    (spec, signal) ->
                        new KvUnavailableException(
                            "the key's replicas are being handed over to new nodes; retry")));
  }

  private <T> Mono<T> atPrimary(
      WritePlan plan,
      String key,
      Rules rules,
      BiFunction<WritePlan, NodeRef, Mono<T>> op,
      int attempt) {
    Optional<NodeRef> primary = rules.decider().apply(plan);
    if (primary.isEmpty()) {
      return Mono.error(new KvUnavailableException("no live replica for the key"));
    }
    int copies = plan.preferenceList().size();
    if (!rules.mayDegrade() && plan.targets().size() < copies) {
      // refused before it is decided: a decision on one copy could be lost with that node
      return Mono.error(
          new KvUnavailableException(
              "only " + plan.targets().size() + " live replicas, need " + copies + " to decide"));
    }
    NodeRef p = primary.get();
    if (!plan.isFirstReplica(p)) {
      failovers.increment();
    }
    return syncIfTakenOver(key, p, plan)
        .then(Mono.defer(() -> op.apply(plan, p)))
        .onErrorResume(
            NodeFailure.class,
            f -> {
              if ((f.beforeSend() || rules.repeatable()) && attempt + 1 < rf) {
                health.markDown(p);
                return atPrimary(plan.without(p), key, rules, op, attempt + 1);
              }
              health.markDown(f.node());
              return Mono.error(
                  new KvUnavailableException(
                      "primary " + p.id() + " failed; the outcome is unknown: " + f.getMessage()));
            });
  }

  private Mono<Void> syncIfTakenOver(String key, NodeRef primary, WritePlan plan) {
    StoredRecord hinted = hints.get(primary.id(), key);
    boolean takeover =
        !plan.isFirstReplica(primary)
            || health.upSince(primary, config.takeoverWindow())
            || hinted != null;
    if (!takeover) {
      return Mono.empty();
    }
    takeoverSyncs.increment();
    List<NodeRef> others = new ArrayList<>(plan.nodes());
    others.remove(primary);
    return Flux.fromIterable(others)
        .flatMap(
            n ->
                nodes
                    .get(n, key)
                    .onErrorResume(NodeFailure.class, f -> health.markDown(f, Optional.empty())))
        .filter(Optional::isPresent)
        .map(Optional::get)
        .reduce(hinted == null ? StoredRecord.tombstone(0, 0) : hinted, LastWriteWins::newest)
        .flatMap(
            newest -> newest.ts() == 0 ? Mono.empty() : nodes.apply(primary, key, newest).then());
  }

  // ---------------------------------------------------------------- scans and placement

  /** Where {@code key} lives: its ring walk with roles and each node's copy. */
  public Mono<Replicas> replicas(String key) {
    return planned(p -> replicas(p, key));
  }

  private Mono<Replicas> replicas(Placement placement, String key) {
    List<NodeRef> walk = placement.serving().walk(key);
    WritePlan plan = placement.readPlan(key, health::isUp);
    Optional<NodeRef> primary = plan.primary();
    return Flux.range(0, walk.size())
        .flatMapSequential(
            i -> {
              NodeRef n = walk.get(i);
              Replicas.Role role =
                  primary.isPresent() && primary.get().equals(n)
                      ? Replicas.Role.PRIMARY
                      : i < rf ? Replicas.Role.REPLICA : Replicas.Role.OTHER;
              boolean hinted = hints.get(n.id(), key) != null;
              return nodes
                  .get(n, key)
                  .map(r -> new Replicas.Copy(n, role, true, r, hinted))
                  .onErrorResume(
                      NodeFailure.class,
                      f -> Mono.just(new Replicas.Copy(n, role, false, Optional.empty(), hinted)));
            })
        .collectList()
        .map(copies -> new Replicas(key, rf, plan.preferenceList(), primary, copies));
  }
}
