package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Load tool for the KV service (through the coordinator, with the real Java client) and, for
 * comparison, etcd: closed-loop clients ({@link ClosedLoop}) per (operation, client count),
 * printing successful ops/s and latency percentiles as a Markdown table. Not a test.
 *
 * <p>Arguments ({@code --key=value}): {@code target} (kv or etcd), {@code url} (a running
 * coordinator or etcd; for kv the default starts a local 3-node cluster in a temporary directory),
 * {@code ops} (kv: get,put,cas,read-cas; etcd: cas,read-cas), {@code clients} (1,8,32), {@code
 * seconds} (10 per cell, after a warm-up), {@code keys} (keys per client, 100), {@code hot} (true:
 * every client works on one shared key), {@code sync} (the local cluster's WAL fsync, true).
 */
public final class KvLoadTool {

  private KvLoadTool() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("arguments are --name=value, got " + a);
      }
      opt.put(a.substring(2, eq), a.substring(eq + 1));
    }
    boolean etcd = "etcd".equals(opt.getOrDefault("target", "kv"));
    String[] ops =
        opt.getOrDefault("ops", etcd ? "cas,read-cas" : "get,put,cas,read-cas").split(",");
    String[] clientCounts = opt.getOrDefault("clients", "1,8,32").split(",");
    Duration measure = Duration.ofSeconds(Integer.parseInt(opt.getOrDefault("seconds", "10")));
    Duration warmup = Duration.ofSeconds(Math.min(3, Math.max(1, measure.toSeconds() / 4)));
    int keysPerClient = Integer.parseInt(opt.getOrDefault("keys", "100"));
    boolean hot = Boolean.parseBoolean(opt.getOrDefault("hot", "false"));

    LocalKvCluster cluster = null;
    String url = opt.get("url");
    if (url == null && etcd) {
      url = "http://127.0.0.1:2379";
    } else if (url == null) {
      Path dir = Files.createTempDirectory("kv-bench");
      cluster =
          LocalKvCluster.start(dir, 3, 0, Boolean.parseBoolean(opt.getOrDefault("sync", "true")));
      url = cluster.coordinatorUrl();
    }
    System.out.printf(
        Locale.ROOT,
        "# %s load: url=%s seconds=%d keys/client=%d hot=%s cores=%d%n",
        etcd ? "etcd" : "KV",
        url,
        measure.toSeconds(),
        keysPerClient,
        hot,
        Runtime.getRuntime().availableProcessors());
    System.out.println("| op | clients | ok ops/s | p50 ms | p99 ms | conflicts | errors |");
    System.out.println("|---|---|---|---|---|---|---|");
    try (HttpKvClient kv =
            etcd
                ? null
                : HttpKvClient.create(url, KvClientSettings.defaults().withMaxConnections(64));
        EtcdCasClient etcdClient = etcd ? new EtcdCasClient(url) : null) {
      CasTarget target = etcd ? etcdClient : new KvCasTarget(kv);
      for (String op : ops) {
        for (String c : clientCounts) {
          int clients = Integer.parseInt(c.trim());
          CasWorkloads cas = new CasWorkloads(target, keysPerClient, hot);
          cas.seed(clients);
          Workload workload =
              switch (op.trim()) {
                case "get" -> client -> kv.get(cas.randomKey(client)).map(e -> e.isPresent());
                case "put" ->
                    client ->
                        kv.put(cas.randomKey(client), KvCasTarget.doc(client)).thenReturn(true);
                case "cas" -> cas.cas();
                case "read-cas" -> cas.readThenCas();
                default -> throw new IllegalArgumentException("unknown op " + op);
              };
          ClosedLoop.Cell cell = ClosedLoop.run(workload, clients, warmup, measure);
          System.out.printf(
              Locale.ROOT,
              "| %s%s%s | %d | %,.0f | %.2f | %.2f | %d | %d |%n",
              etcd ? "etcd " : "",
              op.trim().toUpperCase(Locale.ROOT),
              hot ? " (one hot key)" : "",
              clients,
              cell.okPerSecond(),
              cell.latency().getValueAtPercentile(50) / 1e6,
              cell.latency().getValueAtPercentile(99) / 1e6,
              cell.refused(),
              cell.errors());
          cell.firstError().ifPresent(e -> System.err.println("first error of " + op + ": " + e));
        }
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }
}
