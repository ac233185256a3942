package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.node.NodeStore;
import dev.dronedispatch.kv.storage.RocksEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The cost of fsyncing the WAL before acknowledging, measured on a node's store alone (no HTTP):
 * writes/s and latency with {@code SYNC_WRITES} true and false, at 1 and 32 writer threads. Not a
 * test. Arguments: {@code --seconds=5}.
 */
public final class WalSyncCost {

  private WalSyncCost() {}

  public static void main(String[] args) throws Exception {
    int seconds = 5;
    for (String a : args) {
      if (a.startsWith("--seconds=")) {
        seconds = Integer.parseInt(a.substring("--seconds=".length()));
      }
    }
    System.out.println("| WAL fsync | writer threads | writes/s | p50 ms | p99 ms |");
    System.out.println("|---|---|---|---|---|");
    for (boolean sync : new boolean[] {true, false}) {
      for (int threads : new int[] {1, 32}) {
        run(sync, threads, seconds);
      }
    }
  }

  private static void run(boolean sync, int threads, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("wal-cost");
    byte[] value =
        "{\"status\":\"idle\",\"battery\":87.5,\"pos\":{\"lat\":45.46,\"lon\":9.19}}"
            .getBytes(StandardCharsets.UTF_8);
    try (NodeStore store =
        new NodeStore(
            new RocksEngine(dir, sync),
            10_000,
            32L << 20,
            new HybridLogicalClock(),
            System::currentTimeMillis)) {
      Histogram hist = new ConcurrentHistogram(3);
      AtomicLong count = new AtomicLong();
      long measureFrom = System.nanoTime() + 1_000_000_000L;
      long end = measureFrom + seconds * 1_000_000_000L;
      CountDownLatch done = new CountDownLatch(threads);
      for (int t = 0; t < threads; t++) {
        int id = t;
        new Thread(
                () -> {
                  int i = 0;
                  while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                      break;
                    }
                    store.write("k:" + id + ":" + (i++ % 1000), value);
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) {
                      count.incrementAndGet();
                      hist.recordValue(t1 - t0);
                    }
                  }
                  done.countDown();
                })
            .start();
      }
      done.await();
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %.3f | %.3f |%n",
          sync ? "on" : "off",
          threads,
          count.get() / (double) seconds,
          hist.getValueAtPercentile(50) / 1e6,
          hist.getValueAtPercentile(99) / 1e6);
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
