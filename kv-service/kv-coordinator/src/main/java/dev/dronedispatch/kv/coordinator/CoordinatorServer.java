package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.antientropy.AntiEntropy;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.hints.HintReplayer;
import dev.dronedispatch.kv.hints.HintStore;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.membership.Membership;
import dev.dronedispatch.kv.membership.MembershipChangeRefused;
import dev.dronedispatch.kv.membership.MembershipJson;
import dev.dronedispatch.kv.membership.MembershipSync;
import dev.dronedispatch.kv.membership.MembershipView;
import dev.dronedispatch.kv.rebalance.ChangeProgress;
import dev.dronedispatch.kv.rebalance.MembershipChange;
import dev.dronedispatch.kv.replication.Epochs;
import dev.dronedispatch.kv.replication.NodeClient;
import dev.dronedispatch.kv.replication.NodeHealth;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.RocksEngine;
import dev.dronedispatch.kv.storage.StoredRecord;
import dev.dronedispatch.kv.web.Access;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Call;
import dev.dronedispatch.kv.web.Failure;
import dev.dronedispatch.kv.web.Json;
import dev.dronedispatch.kv.web.KvServer;
import dev.dronedispatch.kv.web.Observability;
import dev.dronedispatch.kv.web.Problems;
import dev.dronedispatch.kv.web.Reply;
import dev.dronedispatch.kv.web.Router;
import dev.dronedispatch.kv.wire.LockJson;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's server: the original kvfront's HTTP API plus the new endpoints, over {@link
 * Coordinator} (the logic). Requests are read and refused here, and answers rendered here.
 */
public final class CoordinatorServer extends KvServer {

  private static final Logger log = LoggerFactory.getLogger(CoordinatorServer.class);

  /** How often the nodes' installed membership is polled with no change under way. */
  private static final Duration MEMBERSHIP_POLL = Duration.ofSeconds(1);

  /**
   * The credential membership changes take: the nodes' token, which the cluster's operators hold.
   */
  private static final String NODE_TOKEN = "the nodes' token (KV_NODE_TOKEN)";

  /** How often while a change is under way: decisions paused by a handoff wait for it. */
  private static final Duration MEMBERSHIP_POLL_CHANGING = Duration.ofMillis(100);

  private final CoordinatorConfig config;
  private final MembershipView view;
  private final MembershipSync membershipSync;
  private final MembershipChange membershipChange;
  private final NodeClient nodeClient;
  private final NodeHealth health;
  private final HintStore hints;
  private final HintReplayer replayer;
  private final AntiEntropy antiEntropy;
  private final Coordinator coordinator;
  private final RequestReader requests;

  private CoordinatorServer(CoordinatorConfig config) {
    super(new Observability("kv-coordinator"), config.host());
    this.config = config;
    this.requests = new RequestReader(config);
    List<NodeRef> backends = config.backends();
    this.view =
        new MembershipView(Membership.initial(backends), config.vnodes(), config.effectiveRf());
    this.nodeClient =
        new NodeClient(
            config.nodeTimeout(),
            512,
            config.nodeAccess().credential(),
            config.pipelineDepth(),
            new Epochs() {
              @Override
              public long current() {
                return view.epoch();
              }

              @Override
              public void learned(JsonNode membership) {
                view.learned(membership);
              }
            },
            obs.registry());
    this.health =
        new NodeHealth(
            backends,
            () -> view.placement().nodes(),
            nodeClient,
            config.probeInterval(),
            System::currentTimeMillis);
    this.hints =
        new HintStore(new RocksEngine(config.dataDir().resolve("hints"), true), config.maxHints());
    this.coordinator =
        new Coordinator(
            config, view, health, nodeClient, hints, new HybridLogicalClock(), obs.registry());
    this.replayer =
        new HintReplayer(
            hints, nodeClient, health, view::placement, config.hintFlush(), obs.registry());
    this.antiEntropy =
        new AntiEntropy(
            view::placement,
            coordinator.rf(),
            nodeClient,
            health,
            config.antiEntropyInterval(),
            obs.registry());
    backends.forEach(this::registerNodeGauges);
    // a node that joins gets its gauges when this coordinator first plans with it
    view.onAdopted(m -> m.nodes().forEach(this::registerNodeGauges));
    this.membershipSync =
        new MembershipSync(
            view, nodeClient, MEMBERSHIP_POLL, MEMBERSHIP_POLL_CHANGING, System::currentTimeMillis);
    this.membershipChange =
        new MembershipChange(
            view,
            membershipSync,
            nodeClient,
            antiEntropy,
            coordinator.rf(),
            Clock.systemUTC(),
            obs.registry());
    Gauge.builder("kv.membership.epoch", view, MembershipView::epoch)
        .description("the epoch of the membership this coordinator plans with")
        .register(obs.registry());
    Gauge.builder("kv.hints.pending", hints, HintStore::count).register(obs.registry());
    Gauge.builder("kv.nodes.reachable", health, NodeHealth::healthyCount)
        .description("storage nodes the coordinator can reach")
        .register(obs.registry());
    Router router =
        new Router(
            obs.registry(), "kv.coordinator", config.maxValueBytes() + 64 * 1024, config.access());
    routes(router);
    obs.routes(router, this::healthComponents, "/openapi/kv-coordinator.json");
    listen(router, config.port());
    log.info(
        "kv-coordinator started port={} backends={} rf={} readRepair={} hintsPending={}",
        port(),
        backends,
        coordinator.rf(),
        config.readRepair(),
        hints.count());
  }

  /** Per node: its pending hints and whether it is up (registering again is a no-op). */
  private void registerNodeGauges(NodeRef n) {
    Gauge.builder("kv.hints.pending.node", hints, h -> h.count(n.id()))
        .tag("node", n.id())
        .register(obs.registry());
    Gauge.builder("kv.node.healthy", health, h -> h.isUp(n) ? 1 : 0)
        .tag("node", n.id())
        .register(obs.registry());
  }

  public static CoordinatorServer start(CoordinatorConfig config) {
    return new CoordinatorServer(config);
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  public HintStore hints() {
    return hints;
  }

  @Override
  protected void stopParts() {
    membershipChange.close();
    membershipSync.close();
    antiEntropy.close();
    replayer.close();
    health.close();
    nodeClient.close();
    hints.close();
    log.info("kv-coordinator stopped");
  }

  private ClusterHealth clusterHealth() {
    return ClusterHealth.assess(
        view.placement().nodes(), health::isUp, hints::count, config.writeQuorum());
  }

  /** The original's health answer, with the degraded state; 503 only when no write can succeed. */
  private Reply health() {
    ClusterHealth h = clusterHealth();
    ObjectNode body =
        Json.object()
            .put("status", h.status().name().toLowerCase(java.util.Locale.ROOT))
            .put("backends", view.placement().nodes().size())
            .put("healthy", h.reachable())
            .put("rf", coordinator.rf())
            .put("write_quorum", config.writeQuorum());
    h.unreachable().forEach(body.putArray("unreachable")::add);
    body.set("pending_hints", pendingHintsJson(h));
    return Reply.json(h.status() == ClusterHealth.Status.DOWN ? 503 : 200, body);
  }

  private ObjectNode healthComponents() {
    ClusterHealth h = clusterHealth();
    ObjectNode nodes =
        Json.object()
            .put("status", actuatorStatus(h.status()))
            .put("healthy", h.reachable())
            .put("total", view.placement().nodes().size())
            .put("write_quorum", config.writeQuorum());
    h.unreachable().forEach(nodes.putArray("unreachable")::add);
    ObjectNode hintsComponent = Json.object().put("status", "UP").put("pending", hints.count());
    hintsComponent.set("by_node", pendingHintsJson(h));
    ObjectNode c = Json.object();
    c.set("nodes", nodes);
    c.set("hints", hintsComponent);
    return c;
  }

  private static String actuatorStatus(ClusterHealth.Status status) {
    return switch (status) {
      case OK -> "UP";
      case DEGRADED -> Observability.DEGRADED;
      case DOWN -> "DOWN";
    };
  }

  private static ObjectNode pendingHintsJson(ClusterHealth h) {
    ObjectNode out = Json.object();
    h.pendingHints().forEach(out::put);
    return out;
  }

  private void routes(Router r) {
    r.add("GET", "/health", call -> Mono.fromSupplier(this::health));
    r.add("GET", "/kv/{key}", this::get);
    r.add("PUT", "/kv/{key}", this::put);
    r.add("DELETE", "/kv/{key}", this::delete);
    r.add("GET", "/kv/{key}/replicas", this::replicas);
    r.add("GET", "/kv", this::scan);
    r.add("POST", "/kv/cas", this::cas);
    r.add("POST", "/kv/batch", this::batch);
    r.add("GET", "/ring", this::ring);
    // who may change the cluster is who may call its nodes, not every client of the data
    Access operators = config.nodeAccess();
    r.addRestricted(
        "GET",
        "/admin/membership",
        operators,
        NODE_TOKEN,
        call -> Mono.fromSupplier(this::membership));
    r.addRestricted("POST", "/admin/membership/join", operators, NODE_TOKEN, this::join);
    r.addRestricted("POST", "/admin/membership/leave", operators, NODE_TOKEN, this::leave);
    r.addRestricted(
        "POST",
        "/admin/membership/abort",
        operators,
        NODE_TOKEN,
        call -> changed(membershipChange.abort()));
    r.add("GET", "/lock/{name}", this::lockState);
    r.add("POST", "/lock/acquire/{name}", call -> lock(call, "acquire"));
    r.add("POST", "/lock/renew/{name}", call -> lock(call, "renew"));
    r.add("POST", "/lock/release/{name}", call -> lock(call, "release"));
  }

  // ------------------------------------------------------------ handlers

  private Mono<Reply> get(Call call) {
    return perform(new KeyOp.Get(requests.key(call.path("key"))));
  }

  private Mono<Reply> put(Call call) {
    String key = requests.key(call.path("key"));
    return call.body().flatMap(body -> perform(requests.put(key, Json.parseObject(body))));
  }

  private Mono<Reply> delete(Call call) {
    return perform(new KeyOp.Write(requests.key(call.path("key")), null));
  }

  private Mono<Reply> cas(Call call) {
    return call.body().flatMap(body -> perform(requests.cas(Json.parseObject(body))));
  }

  /** A single-key operation, answered as its own request is; failures are errors. */
  private Mono<Reply> perform(KeyOp op) {
    if (op instanceof KeyOp.Get get) {
      return coordinator
          .read(get.key())
          .map(
              r ->
                  r.filter(StoredRecord::live)
                      .map(rec -> KvReplies.entry(get.key(), rec, null))
                      .orElseThrow(ApiException::keyNotFound));
    }
    if (op instanceof KeyOp.Write write) {
      return coordinator.write(write.key(), write.value()).map(KvReplies::written);
    }
    KeyOp.Cas cas = (KeyOp.Cas) op;
    return coordinator
        .compareAndSet(cas.key(), cas.expected(), cas.newValue(), cas.fence())
        .map(outcome -> KvReplies.cas(cas.key(), outcome));
  }

  /** {@code {"ops": […]}}: operations, one result each; {@code {"keys": […]}}: a batch get. */
  private Mono<Reply> batch(Call call) {
    return call.body()
        .flatMap(
            body -> {
              ObjectNode json = Json.parseObject(body);
              if (json.has("ops") == json.has("keys")) {
                throw ApiException.malformed(
                    "a batch has either 'ops' (operations) or 'keys' (a batch get)");
              }
              if (json.has("keys")) {
                return coordinator
                    .readAll(requests.keys(json.get("keys")))
                    .map(rs -> KvReplies.items(rs, false));
              }
              List<KeyOp> ops = requests.ops(json.get("ops"));
              return coordinator
                  .batch(
                      ops.stream().map(KeyOp::key).toList(),
                      i ->
                          perform(ops.get(i))
                              .onErrorResume(e -> Mono.just(Reply.problem(Problems.of(e, null)))))
                  .map(KvReplies::batch);
            });
  }

  private Mono<Reply> scan(Call call) {
    String prefix = call.query("prefix", "");
    if (prefix.indexOf('\u0000') >= 0) {
      throw ApiException.malformed("prefix must not contain NUL");
    }
    String start = call.query("start");
    long limit = call.queryLong("limit", 100);
    if (limit < 1 || limit > 1000) {
      throw ApiException.malformed("limit must be between 1 and 1000");
    }
    boolean reverse = call.queryFlag("reverse");
    return coordinator
        .scan(
            prefix,
            start == null || start.isEmpty() ? Optional.empty() : Optional.of(start),
            (int) limit,
            reverse)
        .map(rs -> KvReplies.items(rs, rs.size() >= limit));
  }

  private Mono<Reply> replicas(Call call) {
    String key = requests.key(call.path("key"));
    return coordinator.replicas(key).map(r -> Reply.json(replicasJson(r)));
  }

  private Mono<Reply> ring(Call call) {
    ObjectNode out =
        Json.object()
            .put("rf", coordinator.rf())
            .put("vnodes", config.vnodes())
            .put("epoch", view.epoch())
            .put("hints_pending", hints.count());
    var arr = out.putArray("nodes");
    coordinator.placement().serving().nodes().forEach(n -> arr.add(nodeJson(n)));
    return Mono.just(Reply.json(out));
  }

  // ---------------------------------------------------------------- membership changes

  private Reply membership() {
    return Reply.json(membershipJson());
  }

  private ObjectNode membershipJson() {
    ObjectNode out = Json.object();
    out.set("membership", MembershipJson.write(view.placement().membership()));
    membershipChange
        .progress()
        .ifPresentOrElse(p -> out.set("change", progressJson(p)), () -> out.putNull("change"));
    return out;
  }

  private Mono<Reply> join(Call call) {
    return call.body()
        .map(Json::parseObject)
        .flatMap(
            body -> {
              String id = memberId(body);
              String url = Json.text(body, "url");
              if (!url.matches("https?://[^/\\s]+/?")) {
                throw ApiException.malformed(
                    "url must be a node's base URL, like http://host:port");
              }
              return changed(membershipChange.join(new NodeRef(id, url.replaceAll("/$", ""))));
            });
  }

  private Mono<Reply> leave(Call call) {
    return call.body()
        .map(Json::parseObject)
        .flatMap(body -> changed(membershipChange.leave(memberId(body))));
  }

  private static String memberId(ObjectNode body) {
    String id = Json.text(body, "id");
    // ':' too: a node named by its URL in BACKENDS has "host:port" as its id
    if (!id.matches("[A-Za-z0-9._:-]{1,128}")) {
      throw ApiException.malformed("id must be 1-128 letters, digits, '.', '_', ':' or '-'");
    }
    return id;
  }

  /** 202 with the change's progress; a refusal becomes its problem here, at the HTTP edge. */
  private Mono<Reply> changed(Mono<ChangeProgress> started) {
    return started
        .map(p -> Reply.json(202, membershipJson()))
        .onErrorMap(
            MembershipChangeRefused.class,
            e ->
                new ApiException(
                    switch (e.reason()) {
                      case CHANGE_UNDER_WAY, ALREADY_MEMBER, NOTHING_UNDER_WAY, ALREADY_SWITCHED ->
                          Failure.MEMBERSHIP_CONFLICT;
                      case NOT_A_MEMBER -> Failure.NO_SUCH_MEMBER;
                      case TOO_FEW_NODES -> Failure.MEMBERSHIP_REFUSED;
                    },
                    e.getMessage()));
  }

  private static ObjectNode progressJson(ChangeProgress p) {
    ObjectNode out =
        Json.object()
            .put("action", p.action())
            .put("node", p.node())
            .put("step", p.step().name().toLowerCase(java.util.Locale.ROOT))
            .put("epoch", p.epoch())
            .put("rounds", p.streaming().rounds())
            .put("segments", p.streaming().segments())
            .put("segments_compared", p.streaming().segmentsCompared())
            .put("segments_divergent", p.streaming().segmentsDivergent())
            .put("copies", p.streaming().copies())
            .put("started_at", p.startedAt().toString())
            .put("updated_at", p.updatedAt().toString());
    p.waitingFor().forEach(out.putArray("waiting_for")::add);
    p.error().ifPresentOrElse(e -> out.put("error", e), () -> out.putNull("error"));
    return out;
  }

  private Mono<Reply> lockState(Call call) {
    String name = lockName(call);
    return coordinator
        .lockState(name)
        .map(s -> Reply.json(LockJson.publicView(name, s, System.currentTimeMillis())));
  }

  private Mono<Reply> lock(Call call, String op) {
    String name = lockName(call);
    LockAction action = lockAction(call, op);
    return coordinator
        .lock(name, action)
        .map(
            locked -> {
              long now = System.currentTimeMillis();
              LockState state = locked.outcome().state();
              // only a caller that just proved to hold the lock (or got it) sees its token
              ObjectNode body =
                  (locked.outcome().done()
                          ? LockJson.of(name, state, now)
                          : LockJson.publicView(name, state, now))
                      .put("ok", locked.outcome().done());
              locked.written().ifPresent(w -> body.put("written", w.written()).put("rf", w.rf()));
              return Reply.json(body);
            });
  }

  /** {@code owner} (acquire: a random one when absent), {@code token}, {@code ttl_sec}. */
  private static LockAction lockAction(Call call, String op) {
    String owner = call.query("owner");
    boolean anonymous = owner == null || owner.isEmpty();
    if (op.equals("acquire")) {
      long ttlMs = LockJson.ttlMs(call);
      return new LockAction.Acquire(anonymous ? UUID.randomUUID().toString() : owner, ttlMs);
    }
    long ttlMs = op.equals("renew") ? LockJson.ttlMs(call) : 0;
    if (anonymous) {
      throw ApiException.malformed("query parameter 'owner' is required");
    }
    long token = call.queryLong("token", -1);
    return op.equals("renew")
        ? new LockAction.Renew(owner, token, ttlMs)
        : new LockAction.Release(owner, token);
  }

  /**
   * {@code {key, rf, preference_list, primary, nodes: [{id, url, healthy, hints, reachable,
   * has_key, version?, ts?, tombstone?, role, pending_hints}], replicas}}.
   */
  private ObjectNode replicasJson(Replicas r) {
    ObjectNode out = Json.object().put("key", r.key()).put("rf", r.rf());
    var preference = out.putArray("preference_list");
    r.preferenceList().forEach(n -> preference.add(n.url()));
    out.put("primary", r.primary().map(NodeRef::url).orElse(null));
    var nodes = out.putArray("nodes");
    var holders = out.putArray("replicas");
    for (Replicas.Copy c : r.nodes()) {
      ObjectNode o = nodeJson(c.node()).put("reachable", c.reachable()).put("has_key", c.hasKey());
      c.record()
          .ifPresent(
              rec ->
                  o.put("version", rec.version())
                      .put("ts", rec.ts())
                      .put("tombstone", rec.tombstone()));
      o.put("role", c.role().name().toLowerCase(java.util.Locale.ROOT));
      o.put("pending_hints", c.pendingHint());
      nodes.add(o);
      if (c.hasKey()) {
        holders.add(c.node().url());
      }
    }
    return out;
  }

  private ObjectNode nodeJson(NodeRef n) {
    return Json.object()
        .put("id", n.id())
        .put("url", n.url())
        .put("healthy", health.isUp(n))
        .put("hints", hints.count(n.id()));
  }

  private String lockName(Call call) {
    return requests.key(call.path("name"));
  }
}
