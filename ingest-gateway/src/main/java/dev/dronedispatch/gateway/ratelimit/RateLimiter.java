package dev.dronedispatch.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dronedispatch.gateway.config.GatewayProperties;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets (Bucket4j, greedy refill): one global, one per client. A bucket starts full ({@code
 * burst} tokens) and refills at {@code rate} tokens per second; each request costs one. The client
 * bucket is tried first so one flooding client is refused before it drains the global bucket.
 * Buckets are per gateway instance.
 */
public final class RateLimiter {

  private final Optional<Bucket> global;
  private final Optional<Cache<String, Bucket>> clients;
  private final GatewayProperties.RateLimit settings;

  public RateLimiter(GatewayProperties.RateLimit settings) {
    this.settings = settings;
    this.global =
        settings.globalEnabled()
            ? Optional.of(bucket(settings.globalRate(), settings.globalBurst()))
            : Optional.empty();
    this.clients =
        settings.clientEnabled()
            ? Optional.of(
                Caffeine.newBuilder()
                    .maximumSize(100_000)
                    .expireAfterAccess(Duration.ofMinutes(10))
                    .<String, Bucket>build())
            : Optional.empty();
  }

  public boolean enabled() {
    return global.isPresent() || clients.isPresent();
  }

  public RateDecision tryAcquire(String client) {
    if (clients.isPresent()) {
      Bucket b =
          clients.get().get(client, k -> bucket(settings.clientRate(), settings.clientBurst()));
      ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        return new RateDecision.Limited("client", seconds(probe.getNanosToWaitForRefill()));
      }
    }
    if (global.isPresent()) {
      ConsumptionProbe probe = global.get().tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        return new RateDecision.Limited("global", seconds(probe.getNanosToWaitForRefill()));
      }
    }
    return new RateDecision.Allowed();
  }

  /** A rate in tokens/second, possibly fractional, as a greedy refill over 1000 s. */
  static Bucket bucket(double ratePerSecond, long burst) {
    long perKilosecond = Math.max(1, Math.round(ratePerSecond * 1000));
    return Bucket.builder()
        .addLimit(
            limit ->
                limit
                    .capacity(burst)
                    .refillGreedy(perKilosecond, Duration.ofSeconds(1000))
                    .initialTokens(burst))
        .build();
  }

  static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
