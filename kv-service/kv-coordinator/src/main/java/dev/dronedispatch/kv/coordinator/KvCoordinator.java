package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.client.http.UriEncoding;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.hints.HintReplayer;
import dev.dronedispatch.kv.hints.HintStore;
import dev.dronedispatch.kv.node.KvNode;
import dev.dronedispatch.kv.replication.NodeClient;
import dev.dronedispatch.kv.replication.NodeClient.RecordWithKey;
import dev.dronedispatch.kv.replication.NodeHealth;
import dev.dronedispatch.kv.replication.Written;
import dev.dronedispatch.kv.ring.HashRing;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.StoredRecord;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Call;
import dev.dronedispatch.kv.web.Failure;
import dev.dronedispatch.kv.web.Json;
import dev.dronedispatch.kv.web.KvServer;
import dev.dronedispatch.kv.web.Observability;
import dev.dronedispatch.kv.web.Reply;
import dev.dronedispatch.kv.web.Router;
import io.micrometer.core.instrument.Gauge;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The coordinator server: the original kvfront's HTTP API plus the new endpoints. */
public final class KvCoordinator extends KvServer {

  private static final Logger log = LoggerFactory.getLogger(KvCoordinator.class);

  private final CoordinatorConfig config;
  private final NodeClient nodeClient;
  private final NodeHealth health;
  private final HintStore hints;
  private final HintReplayer replayer;
  private final Coordinator coordinator;

  private KvCoordinator(CoordinatorConfig config) {
    super(new Observability("kv-coordinator"), config.host());
    this.config = config;
    List<NodeRef> backends = config.backends();
    HashRing ring = new HashRing(backends, config.vnodes());
    this.nodeClient =
        new NodeClient(
            config.nodeTimeout(), 512, config.authToken(), config.pipelineDepth(), obs.registry());
    this.health =
        new NodeHealth(backends, nodeClient, config.probeInterval(), System::currentTimeMillis);
    this.hints = new HintStore(config.dataDir().resolve("hints"), config.maxHints());
    this.coordinator =
        new Coordinator(
            config, ring, health, nodeClient, hints, new HybridLogicalClock(), obs.registry());
    this.replayer =
        new HintReplayer(
            hints, nodeClient, health, ring, coordinator.rf(), config.hintFlush(), obs.registry());
    Gauge.builder("kv.hints.pending", hints, HintStore::count).register(obs.registry());
    Gauge.builder("kv.nodes.reachable", health, NodeHealth::healthyCount)
        .description("storage nodes the coordinator can reach")
        .register(obs.registry());
    for (NodeRef n : backends) {
      Gauge.builder("kv.hints.pending.node", hints, h -> h.count(n.id()))
          .tag("node", n.id())
          .register(obs.registry());
      Gauge.builder("kv.node.healthy", health, h -> h.isUp(n) ? 1 : 0)
          .tag("node", n.id())
          .register(obs.registry());
    }
    Router router =
        new Router(
            obs.registry(),
            "kv.coordinator",
            config.maxValueBytes() + 64 * 1024,
            config.authToken());
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

  public static KvCoordinator start(CoordinatorConfig config) {
    return new KvCoordinator(config);
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  public HintStore hints() {
    return hints;
  }

  @Override
  protected void stopParts() {
    replayer.close();
    health.close();
    nodeClient.close();
    hints.close();
    log.info("kv-coordinator stopped");
  }

  private ClusterHealth clusterHealth() {
    return ClusterHealth.assess(
        config.backends(), health::isUp, hints::count, config.writeQuorum());
  }

  /** The original's health answer, with the degraded state; 503 only when no write can succeed. */
  private Reply health() {
    ClusterHealth h = clusterHealth();
    ObjectNode body =
        Json.object()
            .put("status", h.status().name().toLowerCase(java.util.Locale.ROOT))
            .put("backends", config.backends().size())
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
            .put("total", config.backends().size())
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
    r.add("GET", "/lock/{name}", this::lockState);
    r.add("POST", "/lock/acquire/{name}", call -> lock(call, "acquire"));
    r.add("POST", "/lock/renew/{name}", call -> lock(call, "renew"));
    r.add("POST", "/lock/release/{name}", call -> lock(call, "release"));
  }

  // ------------------------------------------------------------ validation

  private String key(String key) {
    if (key == null || key.isEmpty()) {
      throw ApiException.malformed("key must not be empty");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > config.maxKeyBytes()) {
      throw new ApiException(
          Failure.KEY_TOO_LARGE, "key exceeds " + config.maxKeyBytes() + " bytes");
    }
    if (key.indexOf('\u0000') >= 0) {
      throw ApiException.malformed("key must not contain NUL");
    }
    return key;
  }

  private byte[] value(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    byte[] bytes = Json.bytes(value);
    if (bytes.length > config.maxValueBytes()) {
      throw new ApiException(
          Failure.VALUE_TOO_LARGE, "value exceeds " + config.maxValueBytes() + " bytes");
    }
    return bytes;
  }

  // ------------------------------------------------------------ handlers

  private Mono<Reply> get(Call call) {
    String key = key(call.path("key"));
    return coordinator
        .read(key)
        .map(
            r ->
                r.filter(StoredRecord::live)
                    .map(rec -> Reply.rawJson(200, entryJson(key, rec, null)))
                    .orElseThrow(KvNode::keyNotFound));
  }

  private Mono<Reply> put(Call call) {
    String key = key(call.path("key"));
    return call.body()
        .flatMap(
            body -> {
              ObjectNode json = Json.parseObject(body);
              if (!json.has("value")) {
                throw ApiException.malformed("body must be {\"value\": ...}");
              }
              return coordinator.write(key, value(json.get("value"))).map(this::writeReply);
            });
  }

  private Mono<Reply> delete(Call call) {
    String key = key(call.path("key"));
    return coordinator.write(key, null).map(this::writeReply);
  }

  private Reply writeReply(Written w) {
    return Reply.json(
        Json.object()
            .put("ok", true)
            .put("written", w.written())
            .put("rf", w.rf())
            .put("version", w.record().version())
            .put("ts", w.record().ts())
            .put("degraded", w.degraded()));
  }

  private Mono<Reply> cas(Call call) {
    return call.body()
        .flatMap(
            body -> {
              ObjectNode json = Json.parseObject(body);
              String key = key(Json.text(json, "key"));
              Expectation expected = KvNode.expectationOf(json);
              if (!json.has("new")) {
                throw ApiException.malformed("field 'new' is required");
              }
              byte[] newValue = value(json.get("new"));
              Optional<Fence> fence = Optional.empty();
              JsonNode f = json.get("fence");
              if (f != null && !f.isNull()) {
                if (!f.path("lock").isString() || !f.path("token").isIntegralNumber()) {
                  throw ApiException.malformed("fence must be {\"lock\": name, \"token\": n}");
                }
                fence = Optional.of(new Fence(f.get("lock").asString(), f.get("token").asLong()));
              }
              return coordinator
                  .compareAndSet(key, expected, newValue, fence)
                  .map(outcome -> casReply(key, outcome));
            });
  }

  private Reply casReply(String key, Coordinator.Cas outcome) {
    if (outcome instanceof Coordinator.Cas.Applied a) {
      Written w = a.written();
      ObjectNode extra =
          Json.object()
              .put("ok", true)
              .put("written", w.written())
              .put("rf", w.rf())
              .put("degraded", w.degraded());
      return Reply.rawJson(200, entryJson(key, w.record(), extra));
    }
    if (outcome instanceof Coordinator.Cas.Fenced f) {
      return Reply.json(Json.object().put("ok", false).put("fenced", true).put("lock", f.lock()));
    }
    Optional<StoredRecord> current = ((Coordinator.Cas.Conflict) outcome).current();
    ObjectNode n = Json.object().put("ok", false);
    if (current.isPresent() && current.get().live()) {
      StoredRecord c = current.get();
      n.set("current", Json.tree(c.value()));
      n.put("version", c.version()).put("ts", c.ts());
    } else {
      n.putNull("current");
    }
    return Reply.json(n);
  }

  private Mono<Reply> batch(Call call) {
    return call.body()
        .flatMap(
            body -> {
              ObjectNode json = Json.parseObject(body);
              JsonNode keys = json.get("keys");
              if (keys == null || !keys.isArray()) {
                throw ApiException.malformed("field 'keys' must be an array of strings");
              }
              if (keys.size() > 1000) {
                throw ApiException.malformed("at most 1000 keys per batch");
              }
              List<String> list = new ArrayList<>();
              for (JsonNode k : keys) {
                if (!k.isString()) {
                  throw ApiException.malformed("field 'keys' must be an array of strings");
                }
                list.add(key(k.asString()));
              }
              return coordinator.readAll(list).map(rs -> Reply.rawJson(200, items(rs, false)));
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
        .map(rs -> Reply.rawJson(200, items(rs, rs.size() >= limit)));
  }

  private Mono<Reply> replicas(Call call) {
    String key = key(call.path("key"));
    return coordinator.replicas(key).map(Reply::json);
  }

  private Mono<Reply> ring(Call call) {
    ObjectNode out =
        Json.object()
            .put("rf", coordinator.rf())
            .put("vnodes", coordinator.ring().vnodes())
            .put("hints_pending", hints.count());
    var arr = out.putArray("nodes");
    coordinator.ring().nodes().forEach(n -> arr.add(coordinator.nodeJson(n)));
    return Mono.just(Reply.json(out));
  }

  private Mono<Reply> lockState(Call call) {
    String name = lockName(call);
    return coordinator
        .lockState(name)
        .map(s -> Reply.json(KvNode.lockJson(name, s, System.currentTimeMillis())));
  }

  private Mono<Reply> lock(Call call, String op) {
    String name = lockName(call);
    StringBuilder q = new StringBuilder();
    if (!op.equals("release")) {
      q.append("&ttl_sec=").append(KvNode.ttlMs(call) / 1000.0);
    }
    String owner = call.query("owner");
    if (owner != null && !owner.isEmpty()) {
      q.append("&owner=").append(UriEncoding.encode(owner));
    } else if (!op.equals("acquire")) {
      throw ApiException.malformed("query parameter 'owner' is required");
    }
    if (!op.equals("acquire")) {
      q.append("&token=").append(call.queryLong("token", -1));
    }
    return coordinator.lock(name, op, q.toString()).map(Reply::json);
  }

  private String lockName(Call call) {
    return key(call.path("name"));
  }

  // ------------------------------------------------------------ JSON

  private static byte[] entryJson(String key, StoredRecord rec, ObjectNode extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rec.value().length + 128);
    writeEntry(out, key, rec, extra);
    return out.toByteArray();
  }

  private static void writeEntry(
      ByteArrayOutputStream out, String key, StoredRecord rec, ObjectNode extra) {
    out.writeBytes("{\"key\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(Json.MAPPER.writeValueAsBytes(key));
    out.writeBytes(",\"value\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(rec.value());
    out.writeBytes(
        (",\"version\":" + rec.version() + ",\"ts\":" + rec.ts())
            .getBytes(StandardCharsets.US_ASCII));
    if (extra != null) {
      byte[] e = Json.bytes(extra);
      if (e.length > 2) {
        out.write(',');
        out.write(e, 1, e.length - 2);
      }
    }
    out.write('}');
  }

  private static byte[] items(List<RecordWithKey> records, boolean more) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes("{\"items\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      writeEntry(out, records.get(i).key(), records.get(i).record(), null);
    }
    out.writeBytes("],\"next\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(
        more && !records.isEmpty()
            ? Json.MAPPER.writeValueAsBytes(records.get(records.size() - 1).key())
            : "null".getBytes(StandardCharsets.US_ASCII));
    out.write('}');
    return out.toByteArray();
  }
}
