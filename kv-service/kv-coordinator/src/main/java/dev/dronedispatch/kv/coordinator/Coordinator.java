package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.client.http.UriEncoding;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.hints.HintStore;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.replication.KeyedSerializer;
import dev.dronedispatch.kv.replication.NodeClient;
import dev.dronedispatch.kv.replication.NodeClient.NodeFailure;
import dev.dronedispatch.kv.replication.NodeClient.RecordWithKey;
import dev.dronedispatch.kv.replication.NodeHealth;
import dev.dronedispatch.kv.replication.ReadResolution;
import dev.dronedispatch.kv.replication.ScanMerge;
import dev.dronedispatch.kv.ring.HashRing;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.ring.Placement;
import dev.dronedispatch.kv.storage.LastWriteWins;
import dev.dronedispatch.kv.storage.RecordJson;
import dev.dronedispatch.kv.storage.StoredRecord;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's request pipeline: choose nodes on the ring, send to replicas in parallel,
 * resolve reads by last-write-wins with read repair, stand in for down replicas with durable hints
 * (sloppy quorum), and run compare-and-set and locks at the key's acting primary under a per-key
 * mutex, replicating the result before answering.
 */
public final class Coordinator {

  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

  /** An acknowledged write: copies on disk, the effective RF, the stored record. */
  public record Written(int written, int rf, StoredRecord record, boolean degraded) {}

  /** The outcome of a compare-and-set at the primary. */
  public sealed interface Cas {
    record Applied(Written written) implements Cas {}

    record Conflict(Optional<StoredRecord> current) implements Cas {}

    record Fenced(String lock) implements Cas {}
  }

  private final CoordinatorConfig config;
  private final HashRing ring;
  private final NodeHealth health;
  private final NodeClient nodes;
  private final HintStore hints;
  private final HybridLogicalClock clock;
  private final KeyedSerializer serializer = new KeyedSerializer();
  private final int rf;
  private final Counter repairs;
  private final Counter hintsStored;
  private final Counter hintsDropped;
  private final Counter failovers;
  private final Counter takeoverSyncs;

  public Coordinator(
      CoordinatorConfig config,
      HashRing ring,
      NodeHealth health,
      NodeClient nodes,
      HintStore hints,
      HybridLogicalClock clock,
      MeterRegistry registry) {
    this.config = config;
    this.ring = ring;
    this.health = health;
    this.nodes = nodes;
    this.hints = hints;
    this.clock = clock;
    this.rf = config.effectiveRf();
    repairs = Counter.builder("kv.read.repairs").register(registry);
    hintsStored = Counter.builder("kv.hints.stored").register(registry);
    hintsDropped = Counter.builder("kv.hints.dropped").tag("reason", "full").register(registry);
    failovers = Counter.builder("kv.primary.failovers").register(registry);
    takeoverSyncs = Counter.builder("kv.primary.takeover.syncs").register(registry);
  }

  public int rf() {
    return rf;
  }

  public HashRing ring() {
    return ring;
  }

  public NodeHealth health() {
    return health;
  }

  // ---------------------------------------------------------------- reads

  /** The newest record of {@code key} among its replicas (tombstones included). */
  public Mono<Optional<StoredRecord>> read(String key) {
    List<NodeRef> walk = ring.walk(key);
    List<NodeRef> set = Placement.readSet(walk, rf, health::isUp);
    if (set.isEmpty()) {
      return Mono.error(ApiException.unavailable("No backends"));
    }
    return Flux.fromIterable(set)
        .flatMap(
            n ->
                nodes
                    .get(n, key)
                    .map(r -> Optional.of(new ReadResolution.Answer(n, r)))
                    .onErrorResume(NodeFailure.class, f -> down(f, Optional.empty())))
        .filter(Optional::isPresent)
        .map(Optional::get)
        .collectList()
        .flatMap(
            answers -> {
              if (answers.isEmpty()) {
                return Mono.error(ApiException.unavailable("No replica answered"));
              }
              ReadResolution.Resolved r = ReadResolution.resolve(answers);
              r.newest().ifPresent(rec -> clock.observe(rec.ts()));
              if (config.readRepair() && r.newest().isPresent() && !r.stale().isEmpty()) {
                repair(key, r.newest().get(), r.stale());
              }
              return Mono.just(r.newest());
            });
  }

  private void repair(String key, StoredRecord newest, List<NodeRef> stale) {
    for (NodeRef n : stale) {
      repairs.increment();
      nodes
          .apply(n, key, newest)
          .subscribe(
              ok -> {},
              e -> log.debug("read repair of key={} on {} failed: {}", key, n.id(), e.toString()));
    }
  }

  /** Live records of {@code keys}; absent and deleted keys are left out. */
  public Mono<List<RecordWithKey>> readAll(List<String> keys) {
    return Flux.fromIterable(keys)
        .flatMapSequential(
            k ->
                read(k)
                    .map(
                        r ->
                            r.filter(StoredRecord::live)
                                .map(rec -> List.of(new RecordWithKey(k, rec)))
                                .orElse(List.of())),
            32)
        .flatMapIterable(l -> l)
        .collectList();
  }

  // ---------------------------------------------------------------- writes

  /** Last-write-wins put ({@code value} null: delete) to the key's replicas in parallel. */
  public Mono<Written> write(String key, byte[] value) {
    return serializer.run(
        key,
        () -> {
          long ts = clock.now();
          StoredRecord record =
              value == null ? StoredRecord.tombstone(0, ts) : new StoredRecord(value, 0, ts, false);
          return replicate(key, record, Optional.empty());
        });
  }

  /**
   * Sends {@code record} to the key's write targets except {@code heldBy} (which already has it),
   * standing in for down replicas with hinted copies on the next healthy nodes.
   */
  private Mono<Written> replicate(String key, StoredRecord record, Optional<NodeRef> heldBy) {
    List<NodeRef> walk = ring.walk(key);
    List<Placement.Target> targets = Placement.writeTargets(walk, rf, health::isUp);
    if (!config.allowDegraded() && targets.size() < rf && heldBy.isEmpty()) {
      return Mono.error(
          ApiException.unavailable("only " + targets.size() + " live replicas, need " + rf));
    }
    Set<NodeRef> used = Collections.synchronizedSet(new HashSet<>());
    targets.forEach(t -> used.add(t.node()));
    heldBy.ifPresent(used::add);
    List<NodeRef> missed = Collections.synchronizedList(new ArrayList<>());
    return Flux.fromIterable(targets)
        .filter(t -> heldBy.isEmpty() || !t.node().equals(heldBy.get()))
        .flatMap(t -> writeCopy(key, record, t.node(), t.hintFor(), walk, used, missed))
        .collectList()
        .flatMap(
            stored -> {
              int written = stored.size() + (heldBy.isPresent() ? 1 : 0);
              if (written == 0) {
                return Mono.error(ApiException.unavailable("Write failed on all replicas"));
              }
              StoredRecord best = heldBy.isPresent() ? record : null;
              for (StoredRecord s : stored) {
                best = best == null || s.version() > best.version() ? s : best;
              }
              StoredRecord result = best;
              Mono<Void> hinted =
                  missed.isEmpty()
                      ? Mono.empty()
                      : onDisk(
                          () -> {
                            for (NodeRef m : missed) {
                              hint(m, key, result);
                            }
                          });
              return hinted.thenReturn(new Written(written, rf, result, written < rf));
            });
  }

  /** One copy: to {@code node}, or to the next stand-in when it fails. Empty if none took it. */
  private Mono<StoredRecord> writeCopy(
      String key,
      StoredRecord record,
      NodeRef node,
      Optional<NodeRef> hintFor,
      List<NodeRef> walk,
      Set<NodeRef> used,
      List<NodeRef> missed) {
    return nodes
        .apply(node, key, record)
        .flatMap(
            stored ->
                hintFor.isEmpty()
                    ? Mono.just(stored)
                    : onDisk(() -> hint(hintFor.get(), key, stored)).thenReturn(stored))
        .onErrorResume(
            NodeFailure.class,
            f -> {
              health.markDown(node);
              NodeRef intended = hintFor.orElse(node);
              Optional<NodeRef> standIn = nextStandIn(walk, used);
              if (standIn.isEmpty()) {
                missed.add(intended);
                return Mono.empty();
              }
              return writeCopy(
                  key, record, standIn.get(), Optional.of(intended), walk, used, missed);
            });
  }

  private Optional<NodeRef> nextStandIn(List<NodeRef> walk, Set<NodeRef> used) {
    synchronized (used) {
      for (NodeRef n : walk) {
        if (health.isUp(n) && !used.contains(n)) {
          used.add(n);
          return Optional.of(n);
        }
      }
    }
    return Optional.empty();
  }

  /** Hint writes fsync: they run off the event loop, before the write is acknowledged. */
  private static Mono<Void> onDisk(Runnable action) {
    return Mono.fromRunnable(action)
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
        .then();
  }

  private void hint(NodeRef intended, String key, StoredRecord record) {
    HintStore.AddResult r = hints.add(intended.id(), key, record);
    if (r == HintStore.AddResult.DROPPED_FULL) {
      hintsDropped.increment();
      log.warn("hint store full, hint dropped node={} key={}", intended.id(), key);
    } else {
      hintsStored.increment();
    }
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
                                primary -> {
                                  ObjectNode body = Json.object().put("key", key);
                                  if (expected instanceof Expectation.Absent) {
                                    body.put("expect_absent", true);
                                  } else if (expected instanceof Expectation.AtVersion v) {
                                    body.put("expected_version", v.version());
                                  } else {
                                    JsonNode old = ((Expectation.ValueEquals) expected).value();
                                    body.set("old", old);
                                  }
                                  body.set(
                                      "new",
                                      newValue == null
                                          ? Json.object().nullNode()
                                          : Json.tree(newValue));
                                  body.put("ts", clock.now());
                                  fence.ifPresent(
                                      f ->
                                          body.putObject("fence")
                                              .put("lock", f.lockName())
                                              .put("token", f.token()));
                                  return nodes
                                      .post(primary, "/kv/cas", body)
                                      .flatMap(r -> casResult(key, primary, r.body()));
                                })));
  }

  private Mono<Cas> casResult(String key, NodeRef primary, JsonNode body) {
    if (body.path("ok").asBoolean(false)) {
      StoredRecord rec = RecordJson.read(body.get("record"));
      clock.observe(rec.ts());
      return replicate(key, rec, Optional.of(primary)).map(Cas.Applied::new);
    }
    if (body.path("fenced").asBoolean(false)) {
      return Mono.just(new Cas.Fenced(body.path("lock").asString()));
    }
    JsonNode rec = body.get("record");
    return Mono.just(
        new Cas.Conflict(
            rec == null || rec.isNull() ? Optional.empty() : Optional.of(RecordJson.read(rec))));
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
                    .map(rec -> Json.MAPPER.readValue(rec.value(), LockState.class))
                    .orElse(LockState.NEVER_HELD));
  }

  /**
   * A lock operation ({@code op}: acquire, renew, release with its query string) at the primary of
   * the lock's key; a changed lock record is replicated before answering.
   */
  public Mono<ObjectNode> lock(String name, String op, String query) {
    String key = LockState.keyOf(name);
    return serializer.run(
        key,
        () ->
            atPrimary(
                key,
                primary ->
                    nodes
                        .post(
                            primary,
                            "/lock/"
                                + op
                                + "/"
                                + UriEncoding.encode(name)
                                + "?ts="
                                + clock.now()
                                + query,
                            null)
                        .flatMap(
                            r -> {
                              ObjectNode body = (ObjectNode) r.body();
                              JsonNode rec = body.remove("record");
                              if (r.status() != 200) {
                                return Mono.error(
                                    ApiException.badRequest(body.path("detail").asString()));
                              }
                              if (!body.path("ok").asBoolean(false) || rec == null) {
                                return Mono.just(body);
                              }
                              StoredRecord stored = RecordJson.read(rec);
                              clock.observe(stored.ts());
                              return replicate(key, stored, Optional.of(primary))
                                  .map(w -> body.put("written", w.written()).put("rf", rf));
                            })));
  }

  /**
   * Runs {@code op} at the key's acting primary, after bringing it up to date when it has just
   * taken over. A primary that cannot be reached at all is marked down and the next one is used; a
   * failure after the request was sent is reported (the outcome is unknown).
   */
  private <T> Mono<T> atPrimary(String key, java.util.function.Function<NodeRef, Mono<T>> op) {
    return atPrimary(key, op, 0);
  }

  private <T> Mono<T> atPrimary(
      String key, java.util.function.Function<NodeRef, Mono<T>> op, int attempt) {
    List<NodeRef> walk = ring.walk(key);
    Optional<NodeRef> primary = Placement.primary(walk, rf, health::isUp);
    if (primary.isEmpty()) {
      return Mono.error(ApiException.unavailable("no live replica for the key"));
    }
    NodeRef p = primary.get();
    if (!p.equals(walk.get(0))) {
      failovers.increment();
    }
    return syncIfTakenOver(key, p, walk)
        .then(Mono.defer(() -> op.apply(p)))
        .onErrorResume(
            NodeFailure.class,
            f -> {
              if (f.beforeSend() && attempt + 1 < rf) {
                health.markDown(p);
                return atPrimary(key, op, attempt + 1);
              }
              health.markDown(f.node());
              return Mono.error(
                  ApiException.unavailable(
                      "primary " + p.id() + " failed; the outcome is unknown: " + f.getMessage()));
            });
  }

  private Mono<Void> syncIfTakenOver(String key, NodeRef primary, List<NodeRef> walk) {
    StoredRecord hinted = hints.get(primary.id(), key);
    boolean takeover =
        !primary.equals(walk.get(0))
            || health.upSince(primary, config.takeoverWindow())
            || hinted != null;
    if (!takeover) {
      return Mono.empty();
    }
    takeoverSyncs.increment();
    List<NodeRef> others = new ArrayList<>(Placement.readSet(walk, rf, health::isUp));
    others.remove(primary);
    return Flux.fromIterable(others)
        .flatMap(
            n -> nodes.get(n, key).onErrorResume(NodeFailure.class, f -> down(f, Optional.empty())))
        .filter(Optional::isPresent)
        .map(Optional::get)
        .reduce(hinted == null ? StoredRecord.tombstone(0, 0) : hinted, LastWriteWins::newest)
        .flatMap(
            newest -> newest.ts() == 0 ? Mono.empty() : nodes.apply(primary, key, newest).then());
  }

  // ---------------------------------------------------------------- scans and placement

  /** Live records by prefix, merged over every live node, in key order. */
  public Mono<List<RecordWithKey>> scan(
      String prefix, Optional<String> start, int limit, boolean reverse) {
    List<NodeRef> live = new ArrayList<>();
    for (NodeRef n : ring.nodes()) {
      if (health.isUp(n)) {
        live.add(n);
      }
    }
    if (live.isEmpty()) {
      return Mono.error(ApiException.unavailable("No backends"));
    }
    return scanFrom(live, prefix, start.orElse(null), limit, reverse, new ArrayList<>(), 0);
  }

  private Mono<List<RecordWithKey>> scanFrom(
      List<NodeRef> live,
      String prefix,
      String start,
      int limit,
      boolean reverse,
      List<RecordWithKey> acc,
      int rounds) {
    int page = Math.max(limit - acc.size(), 16);
    return Flux.fromIterable(live)
        .flatMap(
            n ->
                nodes
                    .scan(n, prefix, start, page, reverse)
                    .map(rs -> new ScanMerge.Page(rs, rs.size() >= page))
                    .onErrorResume(
                        NodeFailure.class, f -> down(f, new ScanMerge.Page(List.of(), false))))
        .collectList()
        .flatMap(
            pages -> {
              ScanMerge.Round round = ScanMerge.merge(pages, reverse);
              for (RecordWithKey r : round.live()) {
                if (acc.size() < limit) {
                  acc.add(r);
                }
              }
              if (acc.size() >= limit || round.resumeAfter().isEmpty() || rounds > 1000) {
                return Mono.just(acc);
              }
              return scanFrom(
                  live, prefix, round.resumeAfter().get(), limit, reverse, acc, rounds + 1);
            });
  }

  /** Where {@code key} lives: its ring walk with roles, health and each node's copy. */
  public Mono<ObjectNode> replicas(String key) {
    List<NodeRef> walk = ring.walk(key);
    List<NodeRef> pref = walk.subList(0, rf);
    Optional<NodeRef> primary = Placement.primary(walk, rf, health::isUp);
    return Flux.fromIterable(walk)
        .flatMapSequential(
            n ->
                nodes
                    .get(n, key)
                    .map(
                        r -> {
                          ObjectNode o = nodeJson(n).put("reachable", true);
                          o.put("has_key", r.filter(StoredRecord::live).isPresent());
                          r.ifPresent(
                              rec ->
                                  o.put("version", rec.version())
                                      .put("ts", rec.ts())
                                      .put("tombstone", rec.tombstone()));
                          return o;
                        })
                    .onErrorResume(
                        NodeFailure.class,
                        f -> Mono.just(nodeJson(n).put("reachable", false).put("has_key", false))))
        .collectList()
        .map(
            list -> {
              ObjectNode out = Json.object().put("key", key).put("rf", rf);
              var prefArr = out.putArray("preference_list");
              pref.forEach(n -> prefArr.add(n.url()));
              out.put("primary", primary.map(NodeRef::url).orElse(null));
              var arr = out.putArray("nodes");
              for (int i = 0; i < list.size(); i++) {
                ObjectNode o = list.get(i);
                NodeRef n = walk.get(i);
                o.put(
                    "role",
                    primary.isPresent() && primary.get().equals(n)
                        ? "primary"
                        : i < rf ? "replica" : "other");
                o.put("pending_hints", hints.get(n.id(), key) != null);
                arr.add(o);
              }
              var holders = out.putArray("replicas");
              list.stream()
                  .filter(o -> o.path("has_key").asBoolean(false))
                  .forEach(o -> holders.add(o.path("url").asString()));
              return out;
            });
  }

  public ObjectNode nodeJson(NodeRef n) {
    return Json.object()
        .put("id", n.id())
        .put("url", n.url())
        .put("healthy", health.isUp(n))
        .put("hints", hints.count(n.id()));
  }

  private <T> Mono<T> down(NodeFailure f, T fallback) {
    health.markDown(f.node());
    return Mono.just(fallback);
  }
}
