package dev.dronedispatch.kv.client.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of {@link HttpKvClient}.
 *
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time allowed for one attempt's response
 * @param maxRetries retries after a transport error (connect failures always; failures after the
 *     request was sent only for idempotent operations: reads, put, delete)
 * @param initialBackoff first retry pause; doubles per retry, with full jitter
 * @param maxBackoff cap of the retry pause
 * @param maxConnections keep-alive connection pool size
 * @param meterRegistry where to record {@code kv.client.requests} timers, if anywhere
 * @param authToken the service's shared bearer token, if it requires one (defaults to the
 *     environment's {@code KV_AUTH_TOKEN})
 */
public record KvClientSettings(
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxConnections,
    Optional<MeterRegistry> meterRegistry,
    Optional<String> authToken) {

  public static KvClientSettings defaults() {
    return new KvClientSettings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        3,
        Duration.ofMillis(20),
        Duration.ofMillis(500),
        64,
        Optional.empty(),
        Optional.ofNullable(System.getenv("KV_AUTH_TOKEN")).filter(t -> !t.isBlank()));
  }

  public KvClientSettings withMeterRegistry(MeterRegistry registry) {
    return new KvClientSettings(
        connectTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        Optional.of(registry),
        authToken);
  }

  public KvClientSettings withTimeouts(Duration connect, Duration request) {
    return new KvClientSettings(
        connect,
        request,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        meterRegistry,
        authToken);
  }

  public KvClientSettings withRetries(int retries, Duration initial, Duration max) {
    return new KvClientSettings(
        connectTimeout,
        requestTimeout,
        retries,
        initial,
        max,
        maxConnections,
        meterRegistry,
        authToken);
  }

  public KvClientSettings withMaxConnections(int connections) {
    return new KvClientSettings(
        connectTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        connections,
        meterRegistry,
        authToken);
  }

  public KvClientSettings withAuthToken(String token) {
    return new KvClientSettings(
        connectTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        meterRegistry,
        Optional.ofNullable(token).filter(t -> !t.isBlank()));
  }
}
