package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load tool for the KV service and, for comparison, etcd: closed-loop clients ({@link ClosedLoop})
 * per (operation, client count), printing successful ops/s and latency percentiles as a Markdown
 * table. Not a test.
 *
 * <p>Arguments ({@code --key=value}): {@code target} — {@code kv} (the Java client), {@code
 * kv-http} (the KV's HTTP API through a plain HTTP client, as a user of another language calls it)
 * or {@code etcd}; {@code url} (a running coordinator or etcd; for the KV the default starts a
 * local 3-node cluster in a temporary directory), {@code ops} (get,put,cas,read-cas; etcd's default
 * cas,read-cas), {@code clients} (1,8,32), {@code seconds} (10 per cell, after a warm-up), {@code
 * keys} (keys per client, 100), {@code hot} (true: every client works on one shared key), {@code
 * sync} (the local cluster's WAL fsync, true), {@code batch} (sizes, e.g. 1,16,128: {@code get} and
 * {@code cas} as batches of that many operations on distinct keys through {@code KvClient.batch};
 * target kv only), {@code coordinators} (the local cluster's coordinators, 1; with more, the keys
 * are spread over one client per coordinator).
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
    String targetName = opt.getOrDefault("target", "kv");
    boolean etcd = targetName.equals("etcd");
    String[] ops =
        opt.getOrDefault("ops", etcd ? "cas,read-cas" : "get,put,cas,read-cas").split(",");
    int[] clientCounts = ints(opt.getOrDefault("clients", "1,8,32"));
    int[] batchSizes = opt.containsKey("batch") ? ints(opt.get("batch")) : new int[0];
    Duration measure = Duration.ofSeconds(Integer.parseInt(opt.getOrDefault("seconds", "10")));
    Duration warmup = Duration.ofSeconds(Math.min(3, Math.max(1, measure.toSeconds() / 4)));
    int keysPerClient =
        Math.max(
            Integer.parseInt(opt.getOrDefault("keys", "100")),
            Arrays.stream(batchSizes).max().orElse(0));
    boolean hot = Boolean.parseBoolean(opt.getOrDefault("hot", "false"));
    int repeat = Integer.parseInt(opt.getOrDefault("repeat", "1"));
    int coordinators = Integer.parseInt(opt.getOrDefault("coordinators", "1"));

    LocalKvCluster cluster = null;
    String url = opt.get("url");
    if (url == null && etcd) {
      url = "http://127.0.0.1:2379";
    } else if (url == null) {
      Path dir = Files.createTempDirectory("kv-bench");
      cluster =
          LocalKvCluster.start(dir, 3, 0, Boolean.parseBoolean(opt.getOrDefault("sync", "true")));
      for (int i = 1; i < coordinators; i++) {
        cluster.addCoordinator();
      }
      url = cluster.kvUrl();
    }
    System.out.printf(
        Locale.ROOT,
        "# %s load: url=%s seconds=%d keys/client=%d hot=%s cores=%d%n",
        targetName,
        url,
        measure.toSeconds(),
        keysPerClient,
        hot,
        Runtime.getRuntime().availableProcessors());
    String label =
        switch (targetName) {
          case "kv" -> coordinators > 1 ? "(" + coordinators + " coordinators) " : "";
          case "kv-http" -> "plain HTTP ";
          case "etcd" -> "etcd ";
          default -> throw new IllegalArgumentException("unknown target " + targetName);
        };
    // against a given --url the client token comes from KV_AUTH_TOKEN
    KvClientSettings settings =
        (cluster == null ? KvClientSettings.defaults() : cluster.clientSettings())
            .withMaxConnections(64);
    List<HttpKvClient> perCoordinator = new ArrayList<>();
    try (HttpKvClient kv = HttpKvClient.create(url, settings);
        EtcdCasClient etcdClient = etcd ? new EtcdCasClient(url) : null;
        PlainHttpKvTarget plain =
            targetName.equals("kv-http")
                ? new PlainHttpKvTarget(url, settings.authToken())
                : null) {
      if (batchSizes.length > 0) {
        batches(
            kv, ops, batchSizes, clientCounts, keysPerClient, new Runs(repeat, warmup, measure));
        return;
      }
      // each new client starts at the next coordinator, so these cover every one
      perCoordinator.add(kv);
      for (int i = 1; i < coordinators; i++) {
        perCoordinator.add(HttpKvClient.create(url, settings));
      }
      CasTarget target =
          etcd ? etcdClient : plain != null ? plain : new KvCasTarget(perCoordinator);
      Runs runs = new Runs(repeat, warmup, measure);
      System.out.println(
          "| op | clients | ok ops/s | p50 ms | p99 ms | conflicts | errors |" + runs.header());
      System.out.println("|---|---|---|---|---|---|---|" + runs.separator());
      for (String op : ops) {
        for (int clients : clientCounts) {
          int n = clients;
          Runs.Median median =
              runs.median(
                  () -> {
                    CasWorkloads cas = new CasWorkloads(target, keysPerClient, hot);
                    cas.seed(n);
                    return switch (op.trim()) {
                      case "get" -> client -> target.read(cas.randomKey(client)).thenReturn(true);
                      case "put" ->
                          client -> target.put(cas.randomKey(client), client).thenReturn(true);
                      case "cas" -> cas.cas();
                      case "read-cas" -> cas.readThenCas();
                      default -> throw new IllegalArgumentException("unknown op " + op);
                    };
                  },
                  clients,
                  1);
          System.out.printf(
              Locale.ROOT,
              "| %s%s%s | %d |%s%n",
              label,
              op.trim().toUpperCase(Locale.ROOT),
              hot ? " (one hot key)" : "",
              clients,
              median.columns());
        }
      }
    } finally {
      perCoordinator.stream().skip(1).forEach(HttpKvClient::close);
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  /** Operations/s counts every operation of the successful batches; latency is of a batch. */
  private static void batches(
      HttpKvClient kv,
      String[] ops,
      int[] sizes,
      int[] clientCounts,
      int keysPerClient,
      Runs runs) {
    System.out.println(
        "| op | batch | clients | ok ops/s | batches/s | p50 ms | p99 ms | refused batches | errors |"
            + runs.header());
    System.out.println("|---|---|---|---|---|---|---|---|---|" + runs.separator());
    for (String op : ops) {
      for (int size : sizes) {
        for (int clients : clientCounts) {
          int n = clients;
          Runs.Median median =
              runs.median(
                  () -> {
                    BatchWorkloads batches = new BatchWorkloads(kv, keysPerClient);
                    batches.seed(n);
                    return switch (op.trim()) {
                      case "get" -> batches.get(size);
                      case "cas" -> batches.cas(size);
                      default -> throw new IllegalArgumentException("no batch workload " + op);
                    };
                  },
                  clients,
                  size);
          System.out.printf(
              Locale.ROOT,
              "| %s | %d | %d |%s%n",
              op.trim().toUpperCase(Locale.ROOT),
              size,
              clients,
              median.columns());
        }
      }
    }
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }
}
