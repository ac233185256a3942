package dev.dronedispatch.gateway.nginx;

import dev.dronedispatch.gateway.it.GatewayCluster;
import dev.dronedispatch.ordergen.run.OrderGenSettings;
import dev.dronedispatch.ordergen.run.OrderGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Load figures for POST /deliveries (not a test): starts the test system (real broker, real KV,
 * three gateways) and nginx in front, then drives the order generator open-loop at a constant rate,
 * first straight at one gateway, then through nginx, and prints its reports
 * (coordinated-omission-corrected latencies, achieved rate, errors).
 *
 * <p>Run: {@code mvn -o -q test-compile -pl ingest-gateway} then {@code java -cp
 * "target/test-classes:target/classes:$(cat cp.txt)"
 * dev.dronedispatch.gateway.nginx.GatewayLoadHarness [rate/s] [seconds]} with the test classpath
 * from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class GatewayLoadHarness {

  private GatewayLoadHarness() {}

  public static void main(String[] args) throws Exception {
    double rate = args.length > 0 ? Double.parseDouble(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    GatewayCluster cluster = GatewayCluster.get();
    Path nginxBin = Nginx.binary().orElseThrow(() -> new IllegalStateException("nginx needed"));
    List<String> servers = new ArrayList<>();
    for (GatewayCluster.Gateway g : cluster.gateways()) {
      servers.add("server 127.0.0.1:" + g.port() + " max_fails=3 fail_timeout=5s;");
    }
    try (Nginx nginx =
        Nginx.start(nginxBin, GatewayCluster.freePort(), servers)
            .awaitReady(Duration.ofSeconds(15))) {
      // JIT, connection pools and RocksDB caches warm up on every instance first
      run("warm-up through nginx (not a figure)", nginx.url(), rate, Math.max(5, seconds / 2));
      run("one gateway, direct", cluster.a().url(), rate, seconds);
      run("three gateways behind nginx", nginx.url(), rate, seconds);
    }
    System.exit(0);
  }

  private static void run(String label, String url, double rate, int seconds) throws Exception {
    OrderGenSettings settings =
        new OrderGenSettings(
            url,
            Optional.of(GatewayCluster.API_KEY),
            Optional.of(rate),
            List.of(),
            Duration.ofSeconds(seconds),
            0,
            64,
            0.2,
            10.0,
            42,
            Optional.empty(),
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            2,
            2);
    System.out.println("=== " + label + ": " + rate + " POST/s for " + seconds + " s");
    try (OrderGenerator gen = OrderGenerator.start(settings, System.out)) {
      // the generator prints its report itself
      gen.report(Duration.ofSeconds(seconds + 60L));
    }
  }
}
