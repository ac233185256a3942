package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.kafka.KafkaIdentity;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes telemetry to {@code drones.telemetry}, keyed by drone id, with an idempotent producer
 * ({@code acks=all}) so retries never duplicate or reorder a drone's records. Sends never hold up
 * the tick for long: {@code max.block.ms} is short and a failed hand-over drops that record (its
 * sequence number leaves a visible gap).
 */
final class TelemetryPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TelemetryPublisher.class);

  private final KafkaProducer<String, DroneTelemetry> producer;
  private final Counter acked;
  private final Counter failed;
  private final Counter dropped;
  private volatile String lastError = "";

  TelemetryPublisher(String bootstrapServers, MeterRegistry registry) {
    Map<String, Object> props = new HashMap<>(KafkaIdentity.current().clientProperties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "fleet-simulator");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    this.producer =
        new KafkaProducer<>(
            props,
            Topics.DRONES_TELEMETRY.keySerde().serializer(),
            Topics.DRONES_TELEMETRY.valueSerde().serializer());
    this.acked = registry.counter("simulator.telemetry.sent");
    this.failed = registry.counter("simulator.telemetry.failed");
    this.dropped = registry.counter("simulator.telemetry.dropped");
  }

  /** Hands one record to the producer; answers false if it could not (the record is dropped). */
  boolean send(DroneTelemetry t) {
    try {
      producer.send(
          new ProducerRecord<>(Topics.DRONES_TELEMETRY.name(), t.droneId(), t),
          (metadata, error) -> {
            if (error == null) {
              acked.increment();
            } else {
              failed.increment();
              lastError = error.toString();
            }
          });
      return true;
    } catch (KafkaException e) {
      dropped.increment();
      lastError = e.toString();
      return false;
    }
  }

  void countDropped(int n) {
    dropped.increment(n);
  }

  String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    try {
      producer.close(Duration.ofSeconds(5));
    } catch (KafkaException e) {
      log.warn("telemetry producer did not close cleanly: {}", e.toString());
    }
  }
}
