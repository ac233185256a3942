package dev.dronedispatch.ordergen;

import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.ordergen.measure.Report;
import dev.dronedispatch.ordergen.profile.BurstyProfile;
import dev.dronedispatch.ordergen.run.OrderGenSettings;
import dev.dronedispatch.ordergen.run.OrderGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The order generator / load tool CLI. Without {@code --rate} it runs the original's bursty cycle
 * (forever unless {@code TOTAL}/{@code --total} or {@code --duration} stops it); with {@code
 * --rate} it is a constant-rate open-loop load generator. Defaults come from the original's
 * environment variables.
 */
@Command(
    name = "ordergen",
    mixinStandardHelpOptions = true,
    description =
        "Posts delivery orders to the gateway (bursty profile or constant rate) and reports"
            + " latencies corrected for coordinated omission.")
public final class OrderGenMain implements Callable<Integer> {

  @Option(
      names = "--url",
      defaultValue = "${env:LB_URL:-http://localhost:8080}",
      description = "Gateway / load balancer base URL (LB_URL). Default: ${DEFAULT-VALUE}")
  String url;

  @Option(
      names = "--api-key",
      defaultValue = "${env:DD_API_KEY}",
      description = "The order client's API key, sent as X-Api-Key (DD_API_KEY).")
  String apiKey;

  @Option(
      names = "--rate",
      description = "Constant-rate mode: orders per second (open loop). Omit for bursty.")
  Double rate;

  @Option(
      names = "--duration",
      defaultValue = "0",
      description = "Stop after this many seconds (0: no limit). Default: ${DEFAULT-VALUE}")
  double durationSec;

  @Option(
      names = "--total",
      defaultValue = "${env:TOTAL:-0}",
      description = "Stop after this many orders (TOTAL; 0: no limit). Default: ${DEFAULT-VALUE}")
  long total;

  @Option(
      names = "--concurrency",
      defaultValue = "64",
      description = "Maximum requests in flight. Default: ${DEFAULT-VALUE}")
  int concurrency;

  @Option(names = "--low-rps", defaultValue = "${env:LOW_RPS:-0.5}", description = "LOW_RPS")
  double lowRps;

  @Option(names = "--peak-rps", defaultValue = "${env:PEAK_RPS:-2.0}", description = "PEAK_RPS")
  double peakRps;

  @Option(
      names = "--load-factor",
      defaultValue = "${env:LOAD_FACTOR:-1.0}",
      description = "LOAD_FACTOR: multiplies both bursty rates (3 = three times the orders)")
  double loadFactor;

  @Option(names = "--low1-sec", defaultValue = "${env:LOW1_SEC:-30}", description = "LOW1_SEC")
  double low1Sec;

  @Option(names = "--peak-sec", defaultValue = "${env:PEAK_SEC:-10}", description = "PEAK_SEC")
  double peakSec;

  @Option(names = "--low2-sec", defaultValue = "${env:LOW2_SEC:-20}", description = "LOW2_SEC")
  double low2Sec;

  @Option(
      names = "--silent-sec",
      defaultValue = "${env:SILENT_SEC:-60}",
      description = "SILENT_SEC")
  double silentSec;

  @Option(
      names = "--weight-min",
      defaultValue = "${env:WEIGHT_MIN:-0.2}",
      description = "WEIGHT_MIN (kg)")
  double weightMin;

  @Option(
      names = "--weight-max",
      defaultValue = "${env:WEIGHT_MAX:-10.0}",
      description = "WEIGHT_MAX (kg)")
  double weightMax;

  @Option(names = "--seed", description = "Random seed (default: random).")
  Long seed;

  @Option(
      names = "--kafka-bootstrap",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-}",
      description =
          "Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS); enables request->assigned/delivered"
              + " from deliveries.status.")
  String kafkaBootstrap;

  @Option(
      names = "--progress-sec",
      defaultValue = "5",
      description = "Seconds between progress lines.")
  double progressSec;

  @Option(
      names = "--settle-sec",
      defaultValue = "30",
      description = "After sending, wait up to this long for accepted orders to be delivered.")
  double settleSec;

  @Option(names = "--timeout-ms", defaultValue = "5000", description = "Per-request timeout.")
  long timeoutMs;

  @Option(
      names = "--ready-timeout-sec",
      defaultValue = "60",
      description = "How long to wait for GET /zones to answer before falling back to the grid.")
  double readySec;

  @Option(names = "--grid-rows", defaultValue = "${env:GRID_ROWS:-2}", description = "GRID_ROWS")
  int gridRows;

  @Option(names = "--grid-cols", defaultValue = "${env:GRID_COLS:-2}", description = "GRID_COLS")
  int gridCols;

  @Option(names = "--report-json", description = "Also write the final report as JSON here.")
  Path reportJson;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "order-generator-logback.xml");
    }
    System.exit(new CommandLine(new OrderGenMain()).execute(args));
  }

  /**
   * The settings the CLI would run with for {@code args}, defaults from the environment: for
   * embedding, e.g. {@code OrderGenerator.start(OrderGenMain.parse("--url", gw), System.out)}.
   */
  public static OrderGenSettings parse(String... args) {
    OrderGenMain main = new OrderGenMain();
    new CommandLine(main).parseArgs(args);
    return main.settings();
  }

  OrderGenSettings settings() {
    return new OrderGenSettings(
        url,
        Optional.ofNullable(apiKey).filter(k -> !k.isBlank()),
        Optional.ofNullable(rate),
        BurstyProfile.cycle(
            lowRps * loadFactor, peakRps * loadFactor, low1Sec, peakSec, low2Sec, silentSec),
        seconds(durationSec),
        total,
        concurrency,
        weightMin,
        weightMax,
        seed != null ? seed : ThreadLocalRandom.current().nextLong(),
        Optional.ofNullable(kafkaBootstrap).filter(s -> !s.isBlank()),
        seconds(progressSec),
        seconds(settleSec),
        Duration.ofMillis(timeoutMs),
        seconds(readySec),
        gridRows,
        gridCols);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  @Override
  public Integer call() throws Exception {
    OrderGenSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      System.err.println("ordergen: " + e.getMessage());
      return 2;
    }
    OrderGenerator gen = OrderGenerator.start(settings, System.out);
    Thread hook = new Thread(gen::close, "ordergen-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Report report = gen.report(Duration.ofDays(3650));
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C: the hook already stopped the run and the report is printed
    }
    if (reportJson != null) {
      Files.write(
          reportJson, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    }
    return 0;
  }
}
