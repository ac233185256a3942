package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load tool for the KV service: closed-loop clients (each waits for its answer before the next
 * request) doing GET, PUT or CAS through the coordinator with the real Java client, printing ops/s
 * and latency percentiles per (operation, client count). Not a test.
 *
 * <p>Arguments ({@code --key=value}): {@code url} (a running coordinator; default: start a local
 * 3-node cluster in a temporary directory), {@code ops} (get,put,cas), {@code clients} (1,8,32),
 * {@code seconds} (10 per cell), {@code keys} (keys per client, 100), {@code hot} (true: every
 * client CASes one shared key).
 */
public final class KvLoadTool {

  private static final ObjectMapper M = JsonMapper.builder().build();

  private KvLoadTool() {}

  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> opt = new java.util.HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      opt.put(a.substring(2, eq), a.substring(eq + 1));
    }
    String[] ops = opt.getOrDefault("ops", "get,put,cas").split(",");
    String[] clientCounts = opt.getOrDefault("clients", "1,8,32").split(",");
    int seconds = Integer.parseInt(opt.getOrDefault("seconds", "10"));
    int keysPerClient = Integer.parseInt(opt.getOrDefault("keys", "100"));
    boolean hot = Boolean.parseBoolean(opt.getOrDefault("hot", "false"));
    if ("etcd".equals(opt.get("target"))) {
      etcd(
          opt.getOrDefault("url", "http://127.0.0.1:2379"),
          clientCounts,
          seconds,
          keysPerClient,
          hot);
      return;
    }
    LocalKvCluster cluster = null;
    Path tmp = null;
    String url = opt.get("url");
    if (url == null) {
      tmp = Files.createTempDirectory("kv-bench");
      cluster =
          LocalKvCluster.start(tmp, 3, 0, Boolean.parseBoolean(opt.getOrDefault("sync", "true")));
      url = cluster.coordinatorUrl();
    }
    System.out.printf(
        Locale.ROOT,
        "# KV load: url=%s seconds=%d keys/client=%d hot=%s cores=%d%n",
        url,
        seconds,
        keysPerClient,
        hot,
        Runtime.getRuntime().availableProcessors());
    System.out.println("| op | clients | ok ops/s | p50 ms | p99 ms | failed/conflicts |");
    System.out.println("|---|---|---|---|---|---|");
    try (HttpKvClient client =
        HttpKvClient.create(url, KvClientSettings.defaults().withMaxConnections(64))) {
      for (String op : ops) {
        for (String c : clientCounts) {
          run(client, op.trim(), Integer.parseInt(c.trim()), seconds, keysPerClient, hot);
        }
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  private static void run(
      HttpKvClient client, String op, int clients, int seconds, int keys, boolean hot)
      throws InterruptedException {
    // seed the keys every client works on
    for (int c = 0; c < clients; c++) {
      for (int k = 0; k < keys; k++) {
        client.put(key(c, k, hot), doc(0)).block();
      }
    }
    Duration warmup = Duration.ofSeconds(Math.min(3, Math.max(1, seconds / 4)));
    Histogram hist = new ConcurrentHistogram(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong notOk = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int id = c;
      Thread t =
          new Thread(
              () -> {
                try {
                  loop(client, op, id, keys, hot, hist, ok, notOk, measureFrom, end);
                } finally {
                  done.countDown();
                }
              },
              "load-" + c);
      t.start();
    }
    done.await();
    double secs = seconds;
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %,.0f | %.2f | %.2f | %d |%n",
        op.toUpperCase(Locale.ROOT) + (hot ? " (one hot key)" : ""),
        clients,
        ok.get() / secs,
        hist.getValueAtPercentile(50) / 1e6,
        hist.getValueAtPercentile(99) / 1e6,
        notOk.get());
  }

  private static void loop(
      HttpKvClient client,
      String op,
      int id,
      int keys,
      boolean hot,
      Histogram hist,
      AtomicLong ok,
      AtomicLong notOk,
      long measureFrom,
      long end) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int counter = 0;
    while (true) {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        return;
      }
      String key = key(id, rnd.nextInt(keys), hot);
      boolean success;
      try {
        switch (op) {
          case "get":
            success = client.get(key).block().isPresent();
            break;
          case "put":
            client.put(key, doc(++counter)).block();
            success = true;
            break;
          case "cas":
            KvEntry current = client.get(key).block().orElseThrow();
            t0 = System.nanoTime();
            CasResult r =
                client
                    .compareAndSet(
                        CasRequest.of(
                            key,
                            Expectation.version(current.version()),
                            doc(current.value().path("n").asInt() + 1)))
                    .block();
            success = r.ok();
            break;
          default:
            throw new IllegalArgumentException("unknown op " + op);
        }
      } catch (RuntimeException e) {
        success = false;
      }
      long t1 = System.nanoTime();
      if (t0 >= measureFrom && t1 <= end) {
        if (success) {
          ok.incrementAndGet();
          hist.recordValue(t1 - t0);
        } else {
          notOk.incrementAndGet();
        }
      }
    }
  }

  private static void etcd(String url, String[] clientCounts, int seconds, int keys, boolean hot)
      throws InterruptedException {
    System.out.printf(
        Locale.ROOT,
        "# etcd CAS load: url=%s seconds=%d keys/client=%d hot=%s%n",
        url,
        seconds,
        keys,
        hot);
    System.out.println("| op | clients | ok ops/s | p50 ms | p99 ms | failed/conflicts |");
    System.out.println("|---|---|---|---|---|---|");
    try (EtcdCasClient etcd = new EtcdCasClient(url)) {
      for (String cs : clientCounts) {
        int clients = Integer.parseInt(cs.trim());
        for (int c = 0; c < clients; c++) {
          for (int k = 0; k < keys; k++) {
            etcd.put(key(c, k, hot), "0");
          }
        }
        Histogram hist = new ConcurrentHistogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong notOk = new AtomicLong();
        long measureFrom = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
          int id = c;
          new Thread(
                  () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    try {
                      while (System.nanoTime() < end) {
                        String key = key(id, rnd.nextInt(keys), hot);
                        boolean success;
                        long t0;
                        try {
                          EtcdCasClient.Read r = etcd.get(key);
                          t0 = System.nanoTime();
                          success =
                              etcd.compareAndSet(
                                  key,
                                  r.modRevision(),
                                  Integer.toString(Integer.parseInt(r.value()) + 1));
                        } catch (RuntimeException e) {
                          t0 = System.nanoTime();
                          success = false;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= end) {
                          if (success) {
                            ok.incrementAndGet();
                            hist.recordValue(t1 - t0);
                          } else {
                            notOk.incrementAndGet();
                          }
                        }
                      }
                    } finally {
                      done.countDown();
                    }
                  },
                  "etcd-load-" + c)
              .start();
        }
        done.await();
        System.out.printf(
            Locale.ROOT,
            "| etcd CAS%s | %d | %,.0f | %.2f | %.2f | %d |%n",
            hot ? " (one hot key)" : "",
            clients,
            ok.get() / (double) seconds,
            hist.getValueAtPercentile(50) / 1e6,
            hist.getValueAtPercentile(99) / 1e6,
            notOk.get());
      }
    }
  }

  private static String key(int client, int k, boolean hot) {
    return hot ? "bench:hot" : "bench:" + client + ":" + k;
  }

  private static JsonNode doc(int n) {
    return M.createObjectNode().put("n", n).put("status", "idle").put("battery", 87.5);
  }
}
