package dev.dronedispatch.kv.node;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.digest.RingSegments;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockOutcome;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpCodec;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.RocksEngine;
import dev.dronedispatch.kv.storage.StoredRecord;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Call;
import dev.dronedispatch.kv.web.Failure;
import dev.dronedispatch.kv.web.Json;
import dev.dronedispatch.kv.web.KvServer;
import dev.dronedispatch.kv.web.Observability;
import dev.dronedispatch.kv.web.Reply;
import dev.dronedispatch.kv.web.Router;
import dev.dronedispatch.kv.wire.DigestJson;
import dev.dronedispatch.kv.wire.ExpectationJson;
import dev.dronedispatch.kv.wire.LockJson;
import dev.dronedispatch.kv.wire.RecordJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A storage node's server: its store ({@link NodeStore}, the logic) behind an HTTP API — the
 * original kvstore's JSON endpoints, and {@code POST /ops}, the typed operation batches ({@link
 * NodeOpCodec}) the coordinator sends for reads, replication, repair, hint replay, compare-and-set
 * and locks. The coordinator's routes are fenced by the installed membership ({@link
 * MembershipFence}, {@code GET/PUT /membership}); the node's own client routes are not.
 */
public final class NodeServer extends KvServer {

  private static final Logger log = LoggerFactory.getLogger(NodeServer.class);

  /**
   * Largest request the node accepts: an operation batch, or one compare-and-set by value with a 1
   * MiB expected and a 1 MiB new value.
   */
  public static final int MAX_BODY = 4 * 1024 * 1024;

  /** WAL fsync period when SYNC_WRITES=false. */
  public static final Duration WAL_SYNC_INTERVAL = Duration.ofMillis(100);

  private final NodeConfig config;
  private final NodeStore store;
  private final ExecutorService executor;
  private final Scheduler storeScheduler;
  private final Scheduler fenceWaits;
  private final reactor.core.Disposable walSyncer;
  private final NodeOpExecutor opExecutor;
  private final MembershipFence fence;
  private final Counter staleRequests;

  private NodeServer(NodeConfig config) {
    super(new Observability("kv-node", "node", config.nodeId()), config.host());
    this.config = config;
    // first: a node whose installed membership is unreadable must not start, nor open its store
    this.fence = new MembershipFence(InstalledMembership.load(config.dataDir()));
    this.store =
        new NodeStore(
            new RocksEngine(config.dataDir(), config.syncWrites()),
            config.maxCacheItems(),
            config.maxCacheBytes(),
            new HybridLogicalClock(),
            System::currentTimeMillis);
    CaffeineCacheMetrics.monitor(obs.registry(), store.cache(), "records");
    Gauge.builder("kv.node.cache.weighted.bytes", store, s -> weighted(s)).register(obs.registry());
    Gauge.builder("kv.node.keys.estimated", store, NodeStore::estimatedKeys)
        .register(obs.registry());
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            config.storeThreads(),
            r -> {
              Thread t = new Thread(r, "kv-store-" + config.nodeId() + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.storeScheduler = Schedulers.fromExecutorService(executor);
    // threads of their own: were the waits on the store threads, they could take them all from
    // the admitted requests an install waits for
    this.fenceWaits =
        Schedulers.newBoundedElastic(
            Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
            Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE,
            "kv-fence-" + config.nodeId(),
            60,
            true);
    Gauge.builder("kv.node.membership.epoch", fence, f -> f.current().epoch())
        .register(obs.registry());
    this.staleRequests =
        Counter.builder("kv.node.membership.stale")
            .description("requests refused as planned under an older membership")
            .register(obs.registry());
    this.opExecutor = new NodeOpExecutor(store, fence, storeScheduler, fenceWaits, obs.registry());
    // without per-write fsync, acknowledged writes survive a process crash (they are in the OS
    // page cache); a periodic WAL fsync bounds what a power loss could take
    this.walSyncer =
        config.syncWrites()
            ? reactor.core.Disposables.disposed()
            : reactor.core.publisher.Flux.interval(WAL_SYNC_INTERVAL, storeScheduler)
                .onBackpressureDrop()
                .subscribe(
                    t -> {
                      try {
                        store.sync();
                      } catch (RuntimeException e) {
                        log.debug("periodic WAL sync skipped: {}", e.toString());
                      }
                    });
    Router router = new Router(obs.registry(), "kv.node", MAX_BODY, config.access());
    routes(router);
    obs.routes(router, this::health, "/openapi/kv-node.json");
    listen(router, config.port());
    log.info(
        "kv-node started node={} port={} dataDir={} syncWrites={} membershipEpoch={}",
        config.nodeId(),
        port(),
        config.dataDir(),
        config.syncWrites(),
        fence.current().epoch());
  }

  public static NodeServer start(NodeConfig config) {
    return new NodeServer(config);
  }

  public NodeStore store() {
    return store;
  }

  public NodeConfig config() {
    return config;
  }

  @Override
  protected void stopParts() {
    walSyncer.dispose();
    executor.shutdown();
    try {
      executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fenceWaits.dispose();
    store.close();
    log.info("kv-node stopped node={}", config.nodeId());
  }

  private static double weighted(NodeStore s) {
    return s.cache().policy().eviction().map(e -> (double) e.weightedSize().orElse(0)).orElse(0.0);
  }

  private ObjectNode health() {
    ObjectNode c = Json.object();
    c.set("rocksdb", Json.object().put("status", "UP").put("keys", store.estimatedKeys()));
    c.set(
        "cache",
        Json.object()
            .put("status", "UP")
            .put("entries", store.cache().estimatedSize())
            .put("weighted_bytes", (long) weighted(store)));
    return c;
  }

  /**
   * Runs a store write on the store's thread pool, never on the event loop: it may wait for an
   * fsync (its own, or the periodic WAL sync when SYNC_WRITES=false, which holds up writers).
   */
  private <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(storeScheduler);
  }

  private void routes(Router r) {
    r.add(
        "GET",
        "/health",
        call ->
            Mono.just(Reply.json(Json.object().put("status", "ok").put("node", config.nodeId()))));
    r.add("GET", "/kv/{key}", this::get);
    r.add("PUT", "/kv/{key}", this::put);
    r.add("DELETE", "/kv/{key}", this::delete);
    r.add("POST", "/kv/cas", this::cas);
    r.add("POST", "/kv/batch", this::batch);
    r.add("GET", "/membership", call -> Mono.just(Reply.json(fence.current().document())));
    r.add("PUT", "/membership", this::installMembership);
    r.add("POST", "/ops", fenced(this::ops));
    r.add("GET", "/scan", fenced(this::scan));
    r.add("POST", "/digests", fenced(this::digests));
    r.add("POST", "/digests/versions", fenced(this::versions));
    r.add("GET", "/lock/{name}", this::lockState);
    r.add("POST", "/lock/acquire/{name}", this::acquire);
    r.add("POST", "/lock/renew/{name}", this::renew);
    r.add("POST", "/lock/release/{name}", this::release);
  }

  /**
   * A coordinator's route: refused at once if planned under an older membership than the installed
   * one ({@link MembershipFence#EPOCH_HEADER}); {@code handler} runs its store work once the fence
   * admits the planned epoch, which checks it again.
   */
  private Function<Call, Mono<Reply>> fenced(BiFunction<Call, OptionalLong, Mono<Reply>> handler) {
    return call ->
        Mono.defer(
                () -> {
                  OptionalLong planned =
                      MembershipFence.plannedEpoch(call.header(MembershipFence.EPOCH_HEADER));
                  fence.check(planned);
                  return handler.apply(call, planned);
                })
            .doOnError(NodeServer::isStaleRefusal, e -> staleRequests.increment());
  }

  private static boolean isStaleRefusal(Throwable e) {
    return e instanceof ApiException api && api.failure() == Failure.STALE_MEMBERSHIP;
  }

  /**
   * Installs a newer membership once the admitted requests have ended: waits for them on a fence
   * thread, off the event loop and the store threads they need.
   */
  private Mono<Reply> installMembership(Call call) {
    return call.body()
        .flatMap(
            body -> {
              MembershipDocument proposed = MembershipDocument.parse(body);
              return Mono.fromCallable(
                      () -> {
                        fence.install(proposed);
                        return Reply.json(proposed.document());
                      })
                  .subscribeOn(fenceWaits);
            });
  }

  /** {@code work} on the store threads, once the fence admits {@code planned}. */
  private <T> Mono<T> admittedBlocking(
      OptionalLong planned, java.util.concurrent.Callable<T> work) {
    return fence.admitted(planned, fenceWaits, () -> blocking(work));
  }

  private Mono<Reply> get(Call call) {
    String key = call.path("key");
    Optional<StoredRecord> r = store.get(key);
    if (r.isEmpty() || (r.get().tombstone() && !call.queryFlag("tombstones"))) {
      return Mono.error(ApiException.keyNotFound());
    }
    return Mono.just(Reply.rawJson(200, RecordJson.bytes(key, r.get())));
  }

  /**
   * A batch of record-level operations from the coordinator ({@link NodeOpCodec}): replication,
   * read repair, hint replay, reads and compare-and-set, answered in request order.
   */
  private Mono<Reply> ops(Call call, OptionalLong planned) {
    return call.body(NodeOpCodec.MEDIA_TYPE)
        .flatMap(
            body -> {
              List<NodeOp> ops;
              try {
                ops = NodeOpCodec.decodeOps(body);
              } catch (RuntimeException e) {
                throw ApiException.malformed("not an operation batch: " + e.getMessage());
              }
              return opExecutor
                  .execute(ops, planned)
                  .map(
                      results ->
                          new Reply(
                              200,
                              NodeOpCodec.MEDIA_TYPE,
                              NodeOpCodec.encodeResults(results),
                              java.util.Map.of()));
            });
  }

  /**
   * With {@code ts} in the body: a replicated write, applied only if newer (last-write-wins).
   * Without: a plain local write at the next version.
   */
  private Mono<Reply> put(Call call) {
    String key = call.path("key");
    return call.body()
        .flatMap(
            body -> {
              ObjectNode json = Json.parseObject(body);
              if (!json.has("value") && !json.path("tombstone").asBoolean(false)) {
                throw ApiException.malformed("body needs a 'value' field");
              }
              if (json.has("ts")) {
                StoredRecord incoming = RecordJson.read(json);
                return blocking(() -> store.apply(key, incoming))
                    .map(a -> writeReply(key, a.applied(), a.stored()));
              }
              JsonNode value = json.get("value");
              byte[] bytes = value.isNull() ? null : Json.bytes(value);
              return blocking(() -> store.write(key, bytes)).map(s -> writeReply(key, true, s));
            });
  }

  private Mono<Reply> delete(Call call) {
    String key = call.path("key");
    return blocking(() -> store.write(key, null)).map(s -> writeReply(key, true, s));
  }

  private static Reply writeReply(String key, boolean applied, StoredRecord stored) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("{\"ok\":true,\"applied\":" + applied + ",\"record\":").getBytes());
    RecordJson.write(out, key, stored);
    out.write('}');
    return Reply.rawJson(200, out.toByteArray());
  }

  private Mono<Reply> cas(Call call) {
    return call.body()
        .flatMap(
            body -> {
              ObjectNode json = Json.parseObject(body);
              String key = Json.text(json, "key");
              Expectation expected = ExpectationJson.read(json);
              JsonNode newValue = json.get("new");
              if (newValue == null) {
                throw ApiException.malformed("field 'new' is required");
              }
              byte[] bytes = newValue.isNull() ? null : Json.bytes(newValue);
              long floor = Json.longField(json, "ts", 0);
              Optional<Fence> fence = Optional.empty();
              JsonNode f = json.get("fence");
              if (f != null && !f.isNull()) {
                fence = Optional.of(new Fence(f.path("lock").asString(), f.path("token").asLong()));
              }
              Optional<Fence> fenceFinal = fence;
              return blocking(() -> store.compareAndSet(key, expected, bytes, floor, fenceFinal))
                  .map(outcome -> casReply(key, outcome));
            });
  }

  private static Reply casReply(String key, CasOutcome outcome) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (outcome instanceof CasOutcome.Applied a) {
      out.writeBytes("{\"ok\":true,\"record\":".getBytes(StandardCharsets.US_ASCII));
      RecordJson.write(out, key, a.record());
      out.write('}');
    } else if (outcome instanceof CasOutcome.Conflict c) {
      StoredRecord cur = c.current();
      if (cur == null) {
        out.writeBytes("{\"ok\":false,\"current\":null,\"record\":null}".getBytes());
      } else {
        out.writeBytes("{\"ok\":false,\"current\":".getBytes());
        out.writeBytes(cur.value());
        out.writeBytes(",\"record\":".getBytes());
        RecordJson.write(out, key, cur);
        out.write('}');
      }
    } else {
      CasOutcome.Fenced f = (CasOutcome.Fenced) outcome;
      ObjectNode n = Json.object().put("ok", false).put("fenced", true);
      n.put("lock", f.lockName()).put("highest_token", f.highest());
      return Reply.json(n);
    }
    return Reply.rawJson(200, out.toByteArray());
  }

  private Mono<Reply> batch(Call call) {
    return call.body()
        .map(
            body -> {
              ObjectNode json = Json.parseObject(body);
              JsonNode keys = json.get("keys");
              if (keys == null || !keys.isArray()) {
                throw ApiException.malformed("field 'keys' must be an array of strings");
              }
              List<KeyedRecord> out = new ArrayList<>();
              for (JsonNode k : keys) {
                store
                    .get(k.asString())
                    .ifPresent(rec -> out.add(new KeyedRecord(k.asString(), rec)));
              }
              return Reply.rawJson(200, RecordJson.list("records", out));
            });
  }

  private Mono<Reply> scan(Call call, OptionalLong planned) {
    String prefix = call.query("prefix", "");
    String start = call.query("start");
    long limit = call.queryLong("limit", 100);
    if (limit < 1 || limit > 10_000) {
      throw ApiException.malformed("limit must be between 1 and 10000");
    }
    boolean reverse = call.queryFlag("reverse");
    boolean tombstones = call.queryFlag("tombstones");
    return admittedBlocking(
        planned,
        () ->
            Reply.rawJson(
                200,
                RecordJson.list(
                    "records",
                    store.scan(
                        prefix,
                        start == null || start.isEmpty() ? null : start,
                        (int) limit,
                        reverse,
                        tombstones))));
  }

  /** Anti-entropy: this node's digest per segment of the ring the coordinator sends. */
  private Mono<Reply> digests(Call call, OptionalLong planned) {
    return call.body()
        .flatMap(
            body -> {
              RingSegments ring = DigestJson.segments(Json.parseObject(body));
              return admittedBlocking(
                  planned, () -> Reply.rawJson(200, DigestJson.digests(store.digests(ring))));
            });
  }

  /** Anti-entropy: the versions of this node's records in the segments asked for. */
  private Mono<Reply> versions(Call call, OptionalLong planned) {
    return call.body()
        .flatMap(
            body -> {
              ObjectNode request = Json.parseObject(body);
              RingSegments ring = DigestJson.segments(request);
              Set<Integer> wanted = DigestJson.wanted(request, ring);
              return admittedBlocking(
                  planned,
                  () -> Reply.rawJson(200, DigestJson.versions(store.versions(ring, wanted))));
            });
  }

  private Mono<Reply> lockState(Call call) {
    String name = call.path("name");
    LockState s = store.lockState(name);
    Optional<StoredRecord> rec = store.get(LockState.keyOf(name));
    ObjectNode n = LockJson.of(name, s, System.currentTimeMillis());
    rec.ifPresent(r -> n.set("record", RecordJson.tree(LockState.keyOf(name), r)));
    return Mono.just(Reply.json(n));
  }

  private Mono<Reply> acquire(Call call) {
    String name = call.path("name");
    long ttlMs = LockJson.ttlMs(call);
    String owner = call.query("owner");
    String who = owner == null || owner.isEmpty() ? UUID.randomUUID().toString() : owner;
    long floor = call.queryLong("ts", 0);
    return blocking(() -> store.lock(name, new LockAction.Acquire(who, ttlMs), floor))
        .map(o -> lockReply(name, o));
  }

  private Mono<Reply> renew(Call call) {
    String name = call.path("name");
    long ttlMs = LockJson.ttlMs(call);
    String owner = required(call, "owner");
    long token = call.queryLong("token", -1);
    long floor = call.queryLong("ts", 0);
    return blocking(() -> store.lock(name, new LockAction.Renew(owner, token, ttlMs), floor))
        .map(o -> lockReply(name, o));
  }

  private Mono<Reply> release(Call call) {
    String name = call.path("name");
    String owner = required(call, "owner");
    long token = call.queryLong("token", -1);
    long floor = call.queryLong("ts", 0);
    return blocking(() -> store.lock(name, new LockAction.Release(owner, token), floor))
        .map(o -> lockReply(name, o));
  }

  private static String required(Call call, String param) {
    String v = call.query(param);
    if (v == null || v.isEmpty()) {
      throw ApiException.malformed("query parameter '" + param + "' is required");
    }
    return v;
  }

  private static Reply lockReply(String name, LockOutcome o) {
    ObjectNode n = LockJson.of(name, o.state(), System.currentTimeMillis());
    n.put("ok", o.done());
    if (o.record() != null) {
      n.set("record", RecordJson.tree(LockState.keyOf(name), o.record()));
    }
    return Reply.json(n);
  }
}
