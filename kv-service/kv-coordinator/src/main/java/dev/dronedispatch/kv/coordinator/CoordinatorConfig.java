package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.web.Access;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's settings; see the README for the environment keys ({@code BACKENDS}, {@code
 * RF}, {@code READ_REPAIR}, {@code HINT_FLUSH_SEC}, {@code ANTI_ENTROPY_SEC}, {@code
 * NODE_PIPELINE_DEPTH}, {@code MAX_BATCH_OPS}, ...).
 *
 * <p>What an acknowledgement promises: {@code allowDegraded} ({@code DEGRADED_WRITES}) lets a plain
 * write be acknowledged with one copy when only one node is live; {@code allowDegradedDecisions}
 * ({@code DEGRADED_DECISIONS}, off by default) does the same for a CAS or a lock operation, whose
 * outcome other clients act on, so by default those need RF copies or are refused before they are
 * decided.
 *
 * <p>Two credentials, so a client's cannot reach the nodes' internal endpoints (which take a
 * caller-chosen timestamp and version): {@code access}, what clients present ({@code
 * KV_AUTH_TOKEN}), and {@code nodeAccess}, what the coordinator presents to the nodes ({@code
 * KV_NODE_TOKEN}).
 */
public record CoordinatorConfig(
    String host,
    int port,
    List<NodeRef> backends,
    int rf,
    boolean readRepair,
    Duration hintFlush,
    Duration antiEntropyInterval,
    Path dataDir,
    long maxHints,
    int vnodes,
    boolean allowDegraded,
    boolean allowDegradedDecisions,
    Duration nodeTimeout,
    int pipelineDepth,
    Duration probeInterval,
    Duration takeoverWindow,
    int maxKeyBytes,
    int maxValueBytes,
    int maxBatchOps,
    Access access,
    Access nodeAccess) {

  public CoordinatorConfig {
    if (access.credential().isPresent() && access.credential().equals(nodeAccess.credential())) {
      throw new IllegalStateException(
          "KV_AUTH_TOKEN and KV_NODE_TOKEN must differ: with one token every client could write"
              + " the nodes' internal endpoints");
    }
  }

  public static final int DEFAULT_MAX_KEY_BYTES = 512;
  public static final int DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

  /** Operations in one {@code POST /kv/batch}: as many as one request to a node carries. */
  public static final int DEFAULT_MAX_BATCH_OPS = 256;

  /** Operation batches in flight per node and lane (see NodeClient). */
  public static final int DEFAULT_PIPELINE_DEPTH = 2;

  /**
   * The reachable nodes a write needs to be acknowledged: one when degraded writes are allowed
   * (answered {@code degraded: true}), else the full RF.
   */
  public int writeQuorum() {
    return allowDegraded ? 1 : effectiveRf();
  }

  /** RF clamped to the number of backends, as the original did. */
  public int effectiveRf() {
    return Math.max(1, Math.min(rf, backends.size()));
  }

  /**
   * A coordinator on a free loopback port that admits clients with {@code access} and calls the
   * nodes with {@code nodeAccess}'s credential.
   */
  public static CoordinatorConfig local(
      List<String> backendUrls, Path dataDir, Access access, Access nodeAccess) {
    return new CoordinatorConfig(
        "127.0.0.1",
        0,
        parseBackends(String.join(",", backendUrls)),
        2,
        true,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        dataDir,
        100_000,
        128,
        true,
        false,
        Duration.ofSeconds(2),
        DEFAULT_PIPELINE_DEPTH,
        Duration.ofMillis(250),
        Duration.ofSeconds(30),
        DEFAULT_MAX_KEY_BYTES,
        DEFAULT_MAX_VALUE_BYTES,
        DEFAULT_MAX_BATCH_OPS,
        access,
        nodeAccess);
  }

  public CoordinatorConfig withPort(int newPort) {
    return with(b -> b.port = newPort);
  }

  public CoordinatorConfig withHintFlush(Duration flush) {
    return with(b -> b.hintFlush = flush);
  }

  public CoordinatorConfig withAntiEntropyInterval(Duration interval) {
    return with(b -> b.antiEntropyInterval = interval);
  }

  /** A copy with the settings {@code change} sets on a builder that starts from this one. */
  public CoordinatorConfig with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return b.build();
  }

  /** The settings, mutable, for {@link #with}. */
  public static final class Builder {
    public String host;
    public int port;
    public List<NodeRef> backends;
    public int rf;
    public boolean readRepair;
    public Duration hintFlush;
    public Duration antiEntropyInterval;
    public Path dataDir;
    public long maxHints;
    public int vnodes;
    public boolean allowDegraded;
    public boolean allowDegradedDecisions;
    public Duration nodeTimeout;
    public int pipelineDepth;
    public Duration probeInterval;
    public Duration takeoverWindow;
    public int maxKeyBytes;
    public int maxValueBytes;
    public int maxBatchOps;
    public Access access;
    public Access nodeAccess;

    private Builder(CoordinatorConfig c) {
      host = c.host;
      port = c.port;
      backends = c.backends;
      rf = c.rf;
      readRepair = c.readRepair;
      hintFlush = c.hintFlush;
      antiEntropyInterval = c.antiEntropyInterval;
      dataDir = c.dataDir;
      maxHints = c.maxHints;
      vnodes = c.vnodes;
      allowDegraded = c.allowDegraded;
      allowDegradedDecisions = c.allowDegradedDecisions;
      nodeTimeout = c.nodeTimeout;
      pipelineDepth = c.pipelineDepth;
      probeInterval = c.probeInterval;
      takeoverWindow = c.takeoverWindow;
      maxKeyBytes = c.maxKeyBytes;
      maxValueBytes = c.maxValueBytes;
      maxBatchOps = c.maxBatchOps;
      access = c.access;
      nodeAccess = c.nodeAccess;
    }

    private CoordinatorConfig build() {
      return new CoordinatorConfig(
          host,
          port,
          backends,
          rf,
          readRepair,
          hintFlush,
          antiEntropyInterval,
          dataDir,
          maxHints,
          vnodes,
          allowDegraded,
          allowDegradedDecisions,
          nodeTimeout,
          pipelineDepth,
          probeInterval,
          takeoverWindow,
          maxKeyBytes,
          maxValueBytes,
          maxBatchOps,
          access,
          nodeAccess);
    }
  }

  public static CoordinatorConfig fromEnv(Map<String, String> env) {
    return new CoordinatorConfig(
        env.getOrDefault("HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("PORT", "9000")),
        parseBackends(
            env.getOrDefault(
                "BACKENDS", "http://127.0.0.1:9001,http://127.0.0.1:9002,http://127.0.0.1:9003")),
        Integer.parseInt(env.getOrDefault("RF", "2")),
        "1".equals(env.getOrDefault("READ_REPAIR", "1"))
            || "true".equalsIgnoreCase(env.getOrDefault("READ_REPAIR", "1")),
        Duration.ofMillis(
            Math.max(
                100, (long) (1000 * Double.parseDouble(env.getOrDefault("HINT_FLUSH_SEC", "2"))))),
        antiEntropyInterval(env.getOrDefault("ANTI_ENTROPY_SEC", "60")),
        Path.of(env.getOrDefault("DATA_DIR", "data/coordinator")),
        Long.parseLong(env.getOrDefault("MAX_HINTS", "100000")),
        Integer.parseInt(env.getOrDefault("VNODES", "128")),
        !"reject".equalsIgnoreCase(env.getOrDefault("DEGRADED_WRITES", "allow")),
        "allow".equalsIgnoreCase(env.getOrDefault("DEGRADED_DECISIONS", "reject")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("NODE_TIMEOUT_MS", "2000"))),
        Integer.parseInt(
            env.getOrDefault("NODE_PIPELINE_DEPTH", Integer.toString(DEFAULT_PIPELINE_DEPTH))),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("HEALTH_PROBE_MS", "500"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TAKEOVER_SYNC_SEC", "30"))),
        Integer.parseInt(
            env.getOrDefault("MAX_KEY_BYTES", Integer.toString(DEFAULT_MAX_KEY_BYTES))),
        Integer.parseInt(
            env.getOrDefault("MAX_VALUE_BYTES", Integer.toString(DEFAULT_MAX_VALUE_BYTES))),
        Integer.parseInt(
            env.getOrDefault("MAX_BATCH_OPS", Integer.toString(DEFAULT_MAX_BATCH_OPS))),
        Access.fromEnv(env, "KV_AUTH_TOKEN"),
        Access.fromEnv(env, "KV_NODE_TOKEN"));
  }

  /** {@code ANTI_ENTROPY_SEC}: seconds between rounds (fractions allowed), 0 for none. */
  private static Duration antiEntropyInterval(String seconds) {
    double s = Double.parseDouble(seconds);
    if (s < 0) {
      throw new IllegalArgumentException("ANTI_ENTROPY_SEC must be >= 0, was " + seconds);
    }
    return Duration.ofMillis((long) (1000 * s));
  }

  /**
   * {@code url[,url...]} or {@code id=url[,...]}; without an id a node is named by its URL's
   * host:port, so the ring does not change when the list is reordered.
   */
  public static List<NodeRef> parseBackends(String spec) {
    List<NodeRef> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String id;
      String url;
      if (eq > 0 && !p.substring(0, eq).contains("/")) {
        id = p.substring(0, eq);
        url = p.substring(eq + 1);
      } else {
        url = p;
        id = url.replaceFirst("^https?://", "").replaceAll("/+$", "");
      }
      out.add(new NodeRef(id, url.replaceAll("/+$", "")));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("BACKENDS names no node");
    }
    return out;
  }
}
