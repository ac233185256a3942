package dev.dronedispatch.dispatch.deadletter;

import dev.dronedispatch.model.kafka.KafkaIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends dead letters, one instance per dispatcher process (every stream thread's handlers share
 * it). A send is waited for: the handler tells Kafka Streams to go on only once the record is safe
 * in its dead-letter topic, so a poison record is never simply lost. Not part of the stream's
 * transaction (Kafka Streams 4.1's handlers cannot add records to it), so after a crash a dead
 * letter may appear twice; it is never missing.
 */
public final class DeadLetterPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("dispatcher.dlq");
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaProducer<byte[], byte[]> producer;
  private final MeterRegistry registry;

  public DeadLetterPublisher(String bootstrapServers, MeterRegistry registry) {
    Map<String, Object> props = new HashMap<>(KafkaIdentity.current().clientProperties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "dispatch-dead-letters");
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.registry = registry;
  }

  /** Sends {@code letter} and waits for the broker; false if it could not be stored. */
  public boolean publish(DeadLetter letter) {
    try {
      producer.send(letter.toRecord()).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      registry.counter("dispatch.dead.letters", "topic", letter.sourceTopic()).increment();
      log.atWarn()
          .addKeyValue("source_topic", letter.sourceTopic())
          .addKeyValue("partition", letter.partition())
          .addKeyValue("offset", letter.offset())
          .addKeyValue("error", letter.error().toString())
          .log("record sent to {}", letter.topic());
      return true;
    } catch (ExecutionException | TimeoutException e) {
      log.error("could not send a dead letter to {}: {}", letter.topic(), e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
