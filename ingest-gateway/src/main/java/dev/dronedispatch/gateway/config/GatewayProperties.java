package dev.dronedispatch.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the gateway reads from its environment (see application.yml for the env var names).
 * Durations given as bare numbers are seconds.
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
    String instanceId,
    @NotBlank String kvUrl,
    String kvAuthToken,
    @NotBlank String kafkaBootstrapServers,
    @Min(1) @Max(64) int gridRows,
    @Min(1) @Max(64) int gridCols,
    @Positive double maxWeightKg,
    @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration idempotencyTtl,
    @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration idempotencyWait,
    @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration idempotencyTakeover,
    @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration publishTimeout,
    @Min(0) int createMaxInFlight,
    @Valid @NotNull Outbox outbox,
    @Valid @NotNull RateLimit rateLimit,
    @Valid @NotNull Stream stream,
    @Valid @NotNull Admission admission,
    @Valid @NotNull KvCircuit kvCircuit,
    @Valid @NotNull KvBatches kvBatches) {

  /**
   * Fail-fast towards the KV: each call gives up after {@code callTimeout}; once {@code
   * failureRatePercent} of the last {@code window} calls (at least {@code minimumCalls}) found the
   * KV unavailable, calls fail at once for {@code openFor}, then {@code halfOpenCalls} trial calls
   * decide whether to close again.
   */
  public record KvCircuit(
      @NotNull Duration callTimeout,
      @Min(1) @Max(100) float failureRatePercent,
      @Min(1) int window,
      @Min(1) int minimumCalls,
      @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration openFor,
      @Min(1) int halfOpenCalls) {}

  /**
   * Sharing of KV batch requests under load ({@code CoalescingKvClient}): at most {@code inFlight}
   * batch requests out at once, the batches asked for meanwhile leaving together, at most {@code
   * maxOps} operations per request (the coordinator's MAX_BATCH_OPS).
   */
  public record KvBatches(@Min(1) int inFlight, @Min(1) int maxOps) {}

  /** Re-publication of deliveries stored but not acknowledged by Kafka. */
  public record Outbox(
      @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration sweepInterval,
      @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration grace) {}

  /**
   * Token buckets; a rate or burst of 0 switches that bucket off. Rates are tokens/second. {@code
   * trustedProxies}: the peer addresses whose {@code X-Forwarded-For} is believed (the balancer's);
   * from anyone else the header is ignored.
   */
  public record RateLimit(
      @Min(0) double globalRate,
      @Min(0) long globalBurst,
      @Min(0) double clientRate,
      @Min(0) long clientBurst,
      @NotNull java.util.List<String> trustedProxies) {

    public boolean globalEnabled() {
      return globalRate > 0 && globalBurst > 0;
    }

    public boolean clientEnabled() {
      return clientRate > 0 && clientBurst > 0;
    }
  }

  /**
   * Admission control of POST /deliveries: a weight class whose estimated wait for a drone exceeds
   * {@code maxWait} is refused (503) until the estimate falls to {@code reopenBelow × maxWait};
   * assignment rates are measured over {@code rateWindow}.
   */
  public record Admission(
      boolean enabled,
      @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration maxWait,
      @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double reopenBelow,
      @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration rateWindow) {}

  /** The SSE stream: heartbeat, KPI period, telemetry conflation, KPI warm-up look-back. */
  public record Stream(
      @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration heartbeat,
      @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration kpiInterval,
      @NotNull Duration telemetryInterval,
      @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration kpiLookback,
      @Min(16) int clientBuffer) {}
}
