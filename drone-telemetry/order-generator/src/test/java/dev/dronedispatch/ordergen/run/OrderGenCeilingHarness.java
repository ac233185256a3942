package dev.dronedispatch.ordergen.run;

import dev.dronedispatch.ordergen.measure.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Harness (not a test): how fast the order generator itself can send, against a local HTTP server
 * answering like the gateway with no work behind it, so a gateway benchmark knows the load tool is
 * not its bottleneck. Arguments: rates to try (default 500 1000 2000 4000), each for 10 s.
 */
public final class OrderGenCeilingHarness {

  private OrderGenCeilingHarness() {}

  public static void main(String[] args) throws Exception {
    double[] rates = {500, 1000, 2000, 4000};
    if (args.length > 0) {
      rates = new double[args.length];
      for (int i = 0; i < args.length; i++) {
        rates[i] = Double.parseDouble(args[i]);
      }
    }
    System.out.println(
        "| target /s | answered /s | errors | POST p50 / p99 (CO-corrected) | service p99 | JVM CPU"
            + " (generator + server) |");
    System.out.println("|---|---|---|---|---|---|");
    try (GatewayDouble gateway = new GatewayDouble(4, 0, 0, id -> {})) {
      // warm-up: JIT the client and the server before measuring
      OrderGenerator.start(
              Settings.constant(gateway.url(), 500, 2500, 64, Optional.empty()),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
          .report(Duration.ofMinutes(2));
      for (double rate : rates) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        OrderGenSettings s =
            Settings.constant(gateway.url(), rate, Math.round(rate * 10), 256, Optional.empty());
        OrderGenerator gen =
            OrderGenerator.start(
                s, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Report r = gen.report(Duration.ofMinutes(5));
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpuPct = (cpuNanos() - cpu0) / 1e9 / wall * 100;
        System.out.printf(
            Locale.ROOT,
            "| %.0f | %.0f | %s | %.1f / %.1f ms | %.1f ms | %.0f %% of one core |%n",
            rate,
            r.throughputPerSec(),
            r.errors().isEmpty() ? "0" : r.errors().toString(),
            r.postLatency().p50Ms(),
            r.postLatency().p99Ms(),
            r.postServiceTime().p99Ms(),
            cpuPct);
      }
    }
  }

  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
  }
}
