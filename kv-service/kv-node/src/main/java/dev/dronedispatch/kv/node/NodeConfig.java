package dev.dronedispatch.kv.node;

import dev.dronedispatch.kv.web.Access;
import java.nio.file.Path;
import java.util.Map;

/**
 * A node's settings. From the environment: {@code NODE_ID}, {@code HOST} (bind address, default
 * 127.0.0.1), {@code PORT} (9001; 0 = any free port), {@code DATA_DIR}, {@code MAX_CACHE_ITEMS}
 * (10000), {@code MAX_CACHE_SIZE_BYTES} (33554432), {@code SYNC_WRITES} (true: fsync the WAL before
 * acknowledging), {@code STORE_THREADS} (32: threads for blocking disk writes), {@code
 * KV_NODE_TOKEN} (the coordinator's internal bearer token, required unless {@code KV_AUTH=none}).
 */
public record NodeConfig(
    String nodeId,
    String host,
    int port,
    Path dataDir,
    long maxCacheItems,
    long maxCacheBytes,
    boolean syncWrites,
    int storeThreads,
    Access access) {

  public static final long DEFAULT_CACHE_ITEMS = 10_000;
  public static final long DEFAULT_CACHE_BYTES = 32L * 1024 * 1024;

  /** A node on a free loopback port that admits callers with {@code access}. */
  public static NodeConfig local(String nodeId, Path dataDir, Access access) {
    return new NodeConfig(
        nodeId,
        "127.0.0.1",
        0,
        dataDir,
        DEFAULT_CACHE_ITEMS,
        DEFAULT_CACHE_BYTES,
        true,
        32,
        access);
  }

  public NodeConfig withPort(int newPort) {
    return new NodeConfig(
        nodeId,
        host,
        newPort,
        dataDir,
        maxCacheItems,
        maxCacheBytes,
        syncWrites,
        storeThreads,
        access);
  }

  public NodeConfig withCache(long items, long bytes) {
    return new NodeConfig(
        nodeId, host, port, dataDir, items, bytes, syncWrites, storeThreads, access);
  }

  public NodeConfig withSyncWrites(boolean sync) {
    return new NodeConfig(
        nodeId, host, port, dataDir, maxCacheItems, maxCacheBytes, sync, storeThreads, access);
  }

  public static NodeConfig fromEnv(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("PORT", "9001"));
    String id = env.getOrDefault("NODE_ID", "node-" + port);
    return new NodeConfig(
        id,
        env.getOrDefault("HOST", "127.0.0.1"),
        port,
        Path.of(env.getOrDefault("DATA_DIR", "data/" + id)),
        Long.parseLong(env.getOrDefault("MAX_CACHE_ITEMS", Long.toString(DEFAULT_CACHE_ITEMS))),
        Long.parseLong(
            env.getOrDefault("MAX_CACHE_SIZE_BYTES", Long.toString(DEFAULT_CACHE_BYTES))),
        Boolean.parseBoolean(env.getOrDefault("SYNC_WRITES", "true")),
        Integer.parseInt(env.getOrDefault("STORE_THREADS", "32")),
        Access.fromEnv(env, "KV_NODE_TOKEN"));
  }
}
