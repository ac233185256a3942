package dev.dronedispatch.dispatch.app;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.topology.DispatchServices;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires configuration, the KV client, the topology's services and the streams lifecycle. */
@Configuration(proxyBeanMethods = false)
public class DispatchWiring {

  private static final Logger log = LoggerFactory.getLogger(DispatchWiring.class);

  /** Environment variables, or the same names as Spring properties (tests, command line). */
  @Bean
  DispatchConfig dispatchConfig(Environment env) {
    return DispatchConfig.fromLookup(env::getProperty);
  }

  @Bean
  StreamsSettings streamsSettings(Environment env) {
    return StreamsSettings.fromLookup(env::getProperty);
  }

  /**
   * The HTTP client of the KV coordinator; one attempt fits in half of KV_TIMEOUT_MS, so one retry
   * still fits the blocking bound. KV_AUTH_TOKEN (environment or property) is sent as a bearer
   * token.
   */
  @Bean(destroyMethod = "close")
  KvClient kvClient(
      StreamsSettings settings, DispatchConfig config, MeterRegistry registry, Environment env) {
    Duration attempt = config.kvTimeout().dividedBy(2);
    KvClientSettings defaults =
        KvClientSettings.defaults().withAuthToken(env.getProperty("KV_AUTH_TOKEN"));
    return HttpKvClient.create(
        settings.kvUrl(),
        defaults
            .withTimeouts(Duration.ofMillis(Math.min(1000, attempt.toMillis())), attempt)
            .withRetries(1, defaults.initialBackoff(), defaults.maxBackoff())
            .withMeterRegistry(registry));
  }

  @Bean
  ZonesConfig zonesConfig(DispatchConfig config, KvClient kv) {
    ZonesConfig fromGrid = ZoneGrid.rome(config.gridRows(), config.gridCols());
    try {
      Optional<Versioned<ZonesConfig>> stored =
          new KvDocuments(kv, Json.mapper())
              .read(KvKeys.ZONES_CONFIG, ZonesConfig.class)
              .block(config.kvTimeout());
      if (stored != null && stored.isPresent()) {
        ZonesConfig z = stored.get().value();
        if (z.rows() != config.gridRows() || z.cols() != config.gridCols()) {
          log.warn(
              "zones_config in the KV is {}x{} but GRID_ROWS/GRID_COLS say {}x{}; using the KV's",
              z.rows(),
              z.cols(),
              config.gridRows(),
              config.gridCols());
        }
        return z;
      }
    } catch (RuntimeException e) {
      log.warn(
          "zones_config not readable from the KV ({}); using GRID_ROWS/GRID_COLS", e.toString());
    }
    return fromGrid;
  }

  @Bean
  DispatchServices dispatchServices(
      DispatchConfig config,
      ZonesConfig zones,
      KvClient kv,
      StreamsSettings settings,
      MeterRegistry registry) {
    return DispatchServices.create(config, zones, kv, registry);
  }

  @Bean
  StreamsRunner streamsRunner(
      StreamsSettings settings, DispatchServices services, MeterRegistry registry) {
    return new StreamsRunner(settings, services, registry);
  }

  @Bean
  KafkaStreamsHealthIndicator kafkaStreamsHealthIndicator(StreamsRunner runner) {
    return new KafkaStreamsHealthIndicator(runner);
  }

  @Bean
  KvHealthIndicator kvHealthIndicator(KvClient kv, DispatchConfig config) {
    return new KvHealthIndicator(kv, config.kvTimeout());
  }

  /** Replaces Boot's readiness indicator (same bean name): ready only once the topology runs. */
  @Bean
  StreamsReadiness readinessStateHealthIndicator(
      ApplicationAvailability availability, StreamsRunner runner) {
    return new StreamsReadiness(availability, runner);
  }
}
