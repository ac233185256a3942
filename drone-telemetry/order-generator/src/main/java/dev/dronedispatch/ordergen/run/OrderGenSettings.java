package dev.dronedispatch.ordergen.run;

import dev.dronedispatch.ordergen.profile.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One run of the order generator. {@code rate} present selects the constant-rate open-loop mode;
 * otherwise the bursty {@code cycle} is used. {@code duration} and {@code total} stop the run
 * (zero: no limit); {@code kafkaBootstrap} present enables request→assigned/delivered tracking;
 * {@code apiKey} is the order client's key the gateway asks for (DD_API_KEY).
 */
public record OrderGenSettings(
    String gatewayUrl,
    Optional<String> apiKey,
    Optional<Double> rate,
    List<Phase> cycle,
    Duration duration,
    long total,
    int concurrency,
    double weightMin,
    double weightMax,
    long seed,
    Optional<String> kafkaBootstrap,
    Duration progressInterval,
    Duration settle,
    Duration requestTimeout,
    Duration readyTimeout,
    int gridRows,
    int gridCols) {

  public OrderGenSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be >= 1");
    }
    if (total < 0 || duration.isNegative()) {
      throw new IllegalArgumentException("--total and --duration must be >= 0");
    }
    if (rate.isPresent() && !(rate.get() > 0)) {
      throw new IllegalArgumentException("--rate must be > 0");
    }
    if (rate.isPresent() && total == 0 && duration.isZero()) {
      throw new IllegalArgumentException("constant-rate mode needs --duration or --total");
    }
  }

  public String mode() {
    return rate.map(r -> "constant " + r + "/s").orElse("bursty");
  }
}
