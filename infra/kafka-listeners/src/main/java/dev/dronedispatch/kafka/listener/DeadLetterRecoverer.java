package dev.dronedispatch.kafka.listener;

import dev.dronedispatch.model.kafka.KafkaIdentity;
import dev.dronedispatch.model.topics.DeadLetterHeaders;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Sets a record aside in {@code <topic>.dlq}: its key and value bytes as they were read, the {@link
 * DeadLetterHeaders} naming the error and the source (spring-kafka's own {@code kafka_dlt-*} come
 * on top), through spring-kafka's {@link DeadLetterPublishingRecoverer}, which waits for the
 * broker's acknowledgement and throws if there is none, so the container reads the record again
 * rather than lose it. Each dead letter is counted ({@code <counter>{topic}}) and logged. One per
 * consumer; it owns the idempotent, {@code acks=all} producer the dead letters go out with.
 */
public final class DeadLetterRecoverer implements ConsumerAwareRecordRecoverer, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

  private final DefaultKafkaProducerFactory<byte[], byte[]> producers;
  private final DeadLetterPublishingRecoverer publisher;
  private final MeterRegistry registry;
  private final String counterName;

  /**
   * @param clientId the dead-letter producer's client id
   * @param counterName the meter counting dead letters, tagged with the source {@code topic}
   * @param sourceTopics the topics read, whose counters are shown at 0 from the start
   */
  public DeadLetterRecoverer(
      String bootstrapServers,
      String clientId,
      MeterRegistry registry,
      String counterName,
      Collection<String> sourceTopics) {
    Map<String, Object> props = new HashMap<>(KafkaIdentity.current().clientProperties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    this.producers =
        new DefaultKafkaProducerFactory<>(
            props, new ByteArraySerializer(), new ByteArraySerializer());
    this.producers.setPhysicalCloseTimeout(5);
    this.publisher =
        new DeadLetterPublishingRecoverer(
            new KafkaTemplate<>(producers),
            // the .dlq topic need not have the source's partitions: the producer picks one
            (r, e) -> new TopicPartition(Topics.deadLetters(r.topic()), -1));
    this.publisher.setHeadersFunction(
        (r, e) -> DeadLetterHeaders.of(r.topic(), r.partition(), r.offset(), cause(e)));
    this.registry = registry;
    this.counterName = counterName;
    sourceTopics.forEach(this::counter);
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
    publisher.accept(record, consumer, exception); // throws if the send failed
    counter(record.topic()).increment();
    log.atWarn()
        .addKeyValue("source_topic", record.topic())
        .addKeyValue("partition", record.partition())
        .addKeyValue("offset", record.offset())
        .addKeyValue("error", cause(exception).toString())
        .log("record sent to {}", Topics.deadLetters(record.topic()));
  }

  private Counter counter(String sourceTopic) {
    return registry.counter(counterName, "topic", sourceTopic);
  }

  /**
   * The listener's own error rather than the container's wrapper around it, so the headers name
   * what the dispatcher's would, e.g. the decoder's {@code SerializationException}.
   */
  static Throwable cause(Throwable exception) {
    Throwable t = exception;
    while (t instanceof ListenerExecutionFailedException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void close() {
    producers.destroy();
  }
}
