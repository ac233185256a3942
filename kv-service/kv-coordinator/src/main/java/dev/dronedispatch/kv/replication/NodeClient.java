package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.client.http.HttpConnectionPool;
import dev.dronedispatch.kv.client.http.TransportErrors;
import dev.dronedispatch.kv.client.http.UriEncoding;
import dev.dronedispatch.kv.lock.LockOutcome;
import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpCodec;
import dev.dronedispatch.kv.ops.NodeOpResult;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.StoredRecord;
import dev.dronedispatch.kv.web.Json;
import dev.dronedispatch.kv.wire.RecordJson;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;
import tools.jackson.databind.JsonNode;

/**
 * The coordinator's HTTP client to storage nodes: a keep-alive {@link HttpConnectionPool} per node,
 * a response timeout per request, record operations batched per node ({@link OpPipeline}). Errors
 * surface as {@link NodeFailure}: failures before sending certainly did not reach the node (safe to
 * redo elsewhere), others may have. Every request carries the membership epoch it was planned under
 * ({@link #plannedUnder}); a node with a newer membership refuses it ({@link StaleMembership}).
 */
public final class NodeClient implements AutoCloseable {

  /** A node could not answer. */
  public static final class NodeFailure extends RuntimeException {
    private final NodeRef node;
    private final boolean beforeSend;

    NodeFailure(NodeRef node, boolean beforeSend, Throwable cause) {
      super("node " + node.id() + " failed: " + cause, cause, false, false);
      this.node = node;
      this.beforeSend = beforeSend;
    }

    public NodeRef node() {
      return node;
    }

    /** The request certainly did not reach the node. */
    public boolean beforeSend() {
      return beforeSend;
    }
  }

  /** A node's HTTP answer. */
  public record NodeResponse(int status, JsonNode body) {}

  /** A batch's size bound; one larger operation still goes, alone. */
  static final int MAX_BATCH_BYTES = 1024 * 1024;

  /** The header a node fences requests by. */
  public static final String EPOCH_HEADER = "Kv-Membership-Epoch";

  private static final String PLANNED_EPOCH = "kv.membership.epoch";
  private static final String STALE_PROBLEM = "kv-stale-membership";

  private final Duration timeout;
  private final int maxConnectionsPerNode;
  private final Map<String, String> headers;
  private final int pipelineDepth;
  private final MeterRegistry registry;
  private final Epochs epochs;
  private final Map<NodeRef, HttpConnectionPool> connections = new ConcurrentHashMap<>();
  private final Map<NodeRef, Lanes> lanes = new ConcurrentHashMap<>();

  /**
   * {@code pipelineDepth}: batches in flight per node and lane (reads, writes) before operations
   * queue up to leave together.
   */
  public NodeClient(
      Duration timeout,
      int maxConnectionsPerNode,
      Optional<String> authToken,
      int pipelineDepth,
      Epochs epochs,
      MeterRegistry registry) {
    this.timeout = timeout;
    this.epochs = epochs;
    this.maxConnectionsPerNode = maxConnectionsPerNode;
    this.headers = HttpConnectionPool.bearer(authToken);
    this.pipelineDepth = pipelineDepth;
    this.registry = registry;
  }

  /**
   * The Reactor context that stamps a request's node operations with the epoch of the membership it
   * was planned under; without it they carry the newest epoch this coordinator knows.
   */
  public static Context plannedUnder(long epoch) {
    return Context.of(PLANNED_EPOCH, epoch);
  }

  private long epochOf(ContextView context) {
    return context.getOrDefault(PLANNED_EPOCH, epochs.current());
  }

  public Mono<NodeResponse> send(NodeRef node, HttpMethod method, String path, byte[] body) {
    return Mono.deferContextual(
            ctx -> sendRaw(node, method, path, body, "application/json", epochOf(ctx)))
        .map(
            r ->
                new NodeResponse(
                    r.status(),
                    r.body().length == 0 ? Json.object() : KvJson.MAPPER.readTree(r.body())));
  }

  private Mono<HttpConnectionPool.Response> sendRaw(
      NodeRef node, HttpMethod method, String path, byte[] body, String contentType, long epoch) {
    return connections
        .computeIfAbsent(
            node,
            n ->
                new HttpConnectionPool(
                    n.url(),
                    maxConnectionsPerNode,
                    Duration.ofMillis(Math.min(1000, timeout.toMillis())),
                    timeout,
                    headers))
        .exchange(method, path, body, contentType, Map.of(EPOCH_HEADER, Long.toString(epoch)))
        .flatMap(
            r -> {
              if (r.status() >= 500) {
                return Mono.error(new IllegalStateException("HTTP " + r.status()));
              }
              if (r.status() == 409 && refusedAsStale(r.body())) {
                return Mono.error(new StaleMembership(node, epoch));
              }
              return Mono.just(r);
            })
        .onErrorMap(
            e -> !(e instanceof NodeFailure) && !(e instanceof StaleMembership),
            e -> new NodeFailure(node, TransportErrors.beforeSend(e), e));
  }

  /** Whether a 409 is a stale-membership refusal; its membership goes to {@link Epochs}. */
  private boolean refusedAsStale(byte[] body) {
    JsonNode problem;
    try {
      problem = KvJson.MAPPER.readTree(body);
    } catch (RuntimeException e) {
      return false;
    }
    if (!problem.path("type").asString("").endsWith(STALE_PROBLEM)) {
      return false;
    }
    epochs.learned(problem.path("membership"));
    return true;
  }

  /** The node's record for {@code key}, tombstones included; empty if it has none. */
  public Mono<Optional<StoredRecord>> get(NodeRef node, String key) {
    return submit(lanes(node).reads(), new NodeOp.Get(key))
        .map(r -> ((NodeOpResult.Found) r).record());
  }

  /** Last-write-wins apply; answers the record the node holds afterwards. */
  public Mono<StoredRecord> apply(NodeRef node, String key, StoredRecord record) {
    return submit(lanes(node).writes(), new NodeOp.Apply(key, record))
        .map(r -> ((NodeOpResult.Applied) r).stored());
  }

  /**
   * Drops {@code node}'s copy of {@code key} unless it is newer than {@code handedBack}; answers
   * whether it did.
   */
  public Mono<Boolean> release(NodeRef node, String key, StoredRecord handedBack) {
    return submit(lanes(node).writes(), new NodeOp.Release(key, handedBack))
        .map(r -> ((NodeOpResult.Released) r).dropped());
  }

  /** A write decided at {@code node} (its primary): answers the record it stored. */
  public Mono<StoredRecord> put(NodeRef node, NodeOp.Put put) {
    return submit(lanes(node).writes(), put)
        .map(r -> ((CasOutcome.Applied) ((NodeOpResult.CasDone) r).outcome()).record());
  }

  /** Compare-and-set at {@code node}. */
  public Mono<CasOutcome> compareAndSet(NodeRef node, NodeOp.Cas cas) {
    return submit(lanes(node).writes(), cas).map(r -> ((NodeOpResult.CasDone) r).outcome());
  }

  /** A lock operation at {@code node}. */
  public Mono<LockOutcome> lock(NodeRef node, NodeOp.Lock lock) {
    return submit(lanes(node).writes(), lock).map(r -> ((NodeOpResult.Locked) r).outcome());
  }

  private Mono<NodeOpResult> submit(OpPipeline lane, NodeOp op) {
    return Mono.deferContextual(ctx -> lane.submit(op, epochOf(ctx)));
  }

  /** Each node's two pipelines: reads never wait in a batch behind writes' fsyncs. */
  private record Lanes(OpPipeline reads, OpPipeline writes) {}

  private Lanes lanes(NodeRef node) {
    return lanes.computeIfAbsent(node, n -> new Lanes(pipeline(n, "read"), pipeline(n, "write")));
  }

  private OpPipeline pipeline(NodeRef node, String lane) {
    return new OpPipeline(
        pipelineDepth,
        MAX_BATCH_BYTES,
        (ops, epoch) -> sendOps(node, ops, epoch),
        DistributionSummary.builder("kv.node.batch.ops")
            .description("operations per request to a node")
            .tag("node", node.id())
            .tag("lane", lane)
            .register(registry));
  }

  private Mono<List<NodeOpResult>> sendOps(NodeRef node, List<NodeOp> ops, long epoch) {
    return sendRaw(
            node,
            HttpMethod.POST,
            "/ops",
            NodeOpCodec.encodeOps(ops),
            NodeOpCodec.MEDIA_TYPE,
            epoch)
        .map(
            r -> {
              if (r.status() != 200) {
                throw new NodeFailure(node, false, new IllegalStateException("HTTP " + r.status()));
              }
              return NodeOpCodec.decodeResults(r.body());
            });
  }

  public Mono<List<KeyedRecord>> scan(
      NodeRef node, String prefix, String start, int limit, boolean reverse) {
    String uri =
        "/scan?tombstones=1&prefix="
            + UriEncoding.encode(prefix)
            + "&limit="
            + limit
            + "&reverse="
            + reverse
            + (start == null ? "" : "&start=" + UriEncoding.encode(start));
    return send(node, HttpMethod.GET, uri, null).map(r -> records(r.body()));
  }

  private static List<KeyedRecord> records(JsonNode body) {
    List<KeyedRecord> out = new ArrayList<>();
    for (JsonNode n : body.path("records")) {
      out.add(new KeyedRecord(n.path("key").asString(), RecordJson.read(n)));
    }
    return out;
  }

  @Override
  public void close() {
    connections.values().forEach(HttpConnectionPool::close);
  }
}
