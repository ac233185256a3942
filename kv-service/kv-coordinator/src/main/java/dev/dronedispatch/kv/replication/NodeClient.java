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
import tools.jackson.databind.JsonNode;

/**
 * The coordinator's HTTP client to storage nodes: a keep-alive {@link HttpConnectionPool} per node,
 * a response timeout per request, record operations batched per node ({@link OpPipeline}). Errors
 * surface as {@link NodeFailure}: failures before sending certainly did not reach the node (safe to
 * redo elsewhere), others may have.
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

  private final Duration timeout;
  private final int maxConnectionsPerNode;
  private final Map<String, String> headers;
  private final int pipelineDepth;
  private final MeterRegistry registry;
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
      MeterRegistry registry) {
    this.timeout = timeout;
    this.maxConnectionsPerNode = maxConnectionsPerNode;
    this.headers = HttpConnectionPool.bearer(authToken);
    this.pipelineDepth = pipelineDepth;
    this.registry = registry;
  }

  public Mono<NodeResponse> send(NodeRef node, HttpMethod method, String path, byte[] body) {
    return sendRaw(node, method, path, body, "application/json")
        .map(
            r ->
                new NodeResponse(
                    r.status(),
                    r.body().length == 0 ? Json.object() : KvJson.MAPPER.readTree(r.body())));
  }

  private Mono<HttpConnectionPool.Response> sendRaw(
      NodeRef node, HttpMethod method, String path, byte[] body, String contentType) {
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
        .exchange(method, path, body, contentType)
        .flatMap(
            r ->
                r.status() >= 500
                    ? Mono.<HttpConnectionPool.Response>error(
                        new IllegalStateException("HTTP " + r.status()))
                    : Mono.just(r))
        .onErrorMap(
            e -> !(e instanceof NodeFailure),
            e -> new NodeFailure(node, TransportErrors.beforeSend(e), e));
  }

  /** The node's record for {@code key}, tombstones included; empty if it has none. */
  public Mono<Optional<StoredRecord>> get(NodeRef node, String key) {
    return lanes(node)
        .reads()
        .submit(new NodeOp.Get(key))
        .map(r -> ((NodeOpResult.Found) r).record());
  }

  /** Last-write-wins apply; answers the record the node holds afterwards. */
  public Mono<StoredRecord> apply(NodeRef node, String key, StoredRecord record) {
    return lanes(node)
        .writes()
        .submit(new NodeOp.Apply(key, record))
        .map(r -> ((NodeOpResult.Applied) r).stored());
  }

  /**
   * Drops {@code node}'s copy of {@code key} unless it is newer than {@code handedBack}; answers
   * whether it did.
   */
  public Mono<Boolean> release(NodeRef node, String key, StoredRecord handedBack) {
    return lanes(node)
        .writes()
        .submit(new NodeOp.Release(key, handedBack))
        .map(r -> ((NodeOpResult.Released) r).dropped());
  }

  /** A write decided at {@code node} (its primary): answers the record it stored. */
  public Mono<StoredRecord> put(NodeRef node, NodeOp.Put put) {
    return lanes(node)
        .writes()
        .submit(put)
        .map(r -> ((CasOutcome.Applied) ((NodeOpResult.CasDone) r).outcome()).record());
  }

  /** Compare-and-set at {@code node}. */
  public Mono<CasOutcome> compareAndSet(NodeRef node, NodeOp.Cas cas) {
    return lanes(node).writes().submit(cas).map(r -> ((NodeOpResult.CasDone) r).outcome());
  }

  /** A lock operation at {@code node}. */
  public Mono<LockOutcome> lock(NodeRef node, NodeOp.Lock lock) {
    return lanes(node).writes().submit(lock).map(r -> ((NodeOpResult.Locked) r).outcome());
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
        ops -> sendOps(node, ops),
        DistributionSummary.builder("kv.node.batch.ops")
            .description("operations per request to a node")
            .tag("node", node.id())
            .tag("lane", lane)
            .register(registry));
  }

  private Mono<List<NodeOpResult>> sendOps(NodeRef node, List<NodeOp> ops) {
    return sendRaw(
            node, HttpMethod.POST, "/ops", NodeOpCodec.encodeOps(ops), NodeOpCodec.MEDIA_TYPE)
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
