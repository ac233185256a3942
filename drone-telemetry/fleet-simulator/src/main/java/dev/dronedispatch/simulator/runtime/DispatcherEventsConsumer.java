package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Follows the dispatcher's decisions: {@code fleet.events} (every drone status change) and {@code
 * deliveries.status} (which delivery an assigned drone carries), {@code read_committed}. It takes
 * every partition (no consumer group: the KV documents read at registration are the starting state,
 * and the end offsets are fixed <em>before</em> that read, by {@link #seekToEnd}, so no decision in
 * between is missed).
 *
 * <p>The poll loop is a spring-kafka {@link KafkaMessageListenerContainer}, manually assigned to
 * those partitions at those offsets (nothing is committed). A value it cannot use — not JSON, or
 * without the fields the fleet acts on ({@link DispatcherEventDecoder}) — becomes, through the
 * {@link ErrorHandlingDeserializer}, an error the {@link DefaultErrorHandler} hands at once (it is
 * not retryable) to a {@link DeadLetterPublishingRecoverer}: the record's key and value bytes go to
 * {@code <topic>.dlq} with the {@link DeadLetterHeaders} (and spring-kafka's {@code kafka_dlt-*}),
 * and following goes on with the next record. Any other failure while handling a record is tried
 * twice more, 200 ms apart, before it is set aside the same way. The send to the dead-letter topic
 * is waited for; if it fails, the record is read again and set aside again, never skipped.
 */
final class DispatcherEventsConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DispatcherEventsConsumer.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** Retries of a record whose handling failed for another reason than its bytes. */
  static final BackOff RETRIES = new FixedBackOff(200, 2);

  /** Receives decoded events on the consumer thread. */
  interface Sink {
    void fleetEvent(FleetEvent event);

    void statusChanged(DeliveryStatusChanged event);
  }

  private final DefaultKafkaConsumerFactory<byte[], Object> consumers;
  private final DefaultKafkaProducerFactory<byte[], Object> producers;
  private final MeterRegistry registry;
  private final Counter received;
  private List<TopicPartitionOffset> startOffsets;
  private KafkaMessageListenerContainer<byte[], Object> container;

  DispatcherEventsConsumer(String bootstrapServers, MeterRegistry registry) {
    Supplier<Deserializer<byte[]>> keys = ByteArrayDeserializer::new;
    Supplier<Deserializer<Object>> values =
        () -> new ErrorHandlingDeserializer<>(new DispatcherEventDecoder());
    this.consumers =
        new DefaultKafkaConsumerFactory<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "fleet-simulator-events",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
            keys,
            values);
    Supplier<Serializer<byte[]>> keyBytes = ByteArraySerializer::new;
    Supplier<Serializer<Object>> valueBytes = DeadLetterValueSerializer::new;
    this.producers =
        new DefaultKafkaProducerFactory<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                "fleet-simulator-dead-letters",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                10_000),
            keyBytes,
            valueBytes);
    this.producers.setPhysicalCloseTimeout((int) STOP_TIMEOUT.toSeconds());
    this.registry = registry;
    this.received = registry.counter("simulator.dispatcher.events");
    for (String topic : topics()) {
      deadLetters(topic); // shown at 0 from the start
    }
  }

  private static List<String> topics() {
    return List.of(Topics.FLEET_EVENTS.name(), Topics.DELIVERIES_STATUS.name());
  }

  private Counter deadLetters(String sourceTopic) {
    return registry.counter("simulator.dead.letters", "topic", sourceTopic);
  }

  /**
   * Takes every partition of both topics and fixes their current end offsets (the last stable
   * offsets: {@code read_committed}) as where {@link #start} begins to read.
   */
  void seekToEnd(Duration topicWait) {
    try (Consumer<byte[], Object> consumer =
        consumers.createConsumer(null, "fleet-simulator-events-start", null)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics()) {
        partitions.addAll(partitionsOf(consumer, topic, topicWait));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      startOffsets =
          partitions.stream()
              .map(
                  tp -> new TopicPartitionOffset(tp.topic(), tp.partition(), consumer.position(tp)))
              .toList();
    }
  }

  private static List<TopicPartition> partitionsOf(
      Consumer<?, ?> consumer, String topic, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (TimeoutException slow) {
        infos = List.of(); // a broker slow to answer at start (a loaded machine): ask again
      }
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      }
      if (System.nanoTime() > deadline) {
        // a metadata timeout like the broker's own: a caller may try again later
        throw new TimeoutException("topic " + topic + " not found within " + wait);
      }
      log.info("waiting for topic {} (no metadata yet)", topic);
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + topic, e);
      }
    }
  }

  /** Starts reading at the offsets {@link #seekToEnd} fixed, handing each event to {@code sink}. */
  void start(Sink sink) {
    if (startOffsets == null) {
      throw new IllegalStateException("seekToEnd first: it fixes where reading starts");
    }
    ContainerProperties props =
        new ContainerProperties(startOffsets.toArray(TopicPartitionOffset[]::new));
    props.setMessageListener((MessageListener<byte[], Object>) r -> handle(r, sink));
    props.setPollTimeout(POLL.toMillis());
    props.setShutdownTimeout(STOP_TIMEOUT.toMillis());
    SimpleAsyncTaskExecutor thread = new SimpleAsyncTaskExecutor("fleet-simulator-events-");
    thread.setDaemon(true);
    props.setListenerTaskExecutor(thread);
    container = new KafkaMessageListenerContainer<>(consumers, props);
    container.setBeanName("fleet-simulator-events");
    container.setCommonErrorHandler(errorHandler());
    container.start();
  }

  private void handle(ConsumerRecord<byte[], Object> r, Sink sink) {
    Object value = r.value();
    if (value instanceof FleetEvent e) {
      sink.fleetEvent(e);
    } else if (value instanceof DeliveryStatusChanged e) {
      sink.statusChanged(e);
    } // null: a tombstone, nothing to follow
    received.increment();
  }

  private DefaultErrorHandler errorHandler() {
    DeadLetterPublishingRecoverer publisher =
        new DeadLetterPublishingRecoverer(
            new KafkaTemplate<>(producers),
            // the .dlq topic need not have the source's partitions: the producer picks one
            (r, e) -> new TopicPartition(Topics.deadLetters(r.topic()), -1));
    publisher.setHeadersFunction(DeadLetterHeaders::of);
    ConsumerAwareRecordRecoverer recoverer =
        (r, consumer, e) -> {
          publisher.accept(r, consumer, e); // throws if the send failed: the record is read again
          deadLetters(r.topic()).increment();
          log.atWarn()
              .addKeyValue("source_topic", r.topic())
              .addKeyValue("partition", r.partition())
              .addKeyValue("offset", r.offset())
              .addKeyValue("error", DeadLetterHeaders.cause(e).toString())
              .log("record sent to {}", Topics.deadLetters(r.topic()));
        };
    // a DeserializationException is not retryable (spring-kafka's default): set aside at once
    return new DefaultErrorHandler(recoverer, RETRIES);
  }

  boolean alive() {
    return container != null && container.isRunning();
  }

  @Override
  public void close() {
    if (container != null) {
      container.stop(); // waits up to STOP_TIMEOUT for the consumer to close
    }
    producers.destroy();
  }

  /**
   * Dead-letter values: the original bytes of a record that could not be decoded as they are; an
   * event that decoded but whose handling failed is written back with the system's JSON mapping.
   */
  static final class DeadLetterValueSerializer implements Serializer<Object> {
    @Override
    public byte[] serialize(String topic, Object value) {
      if (value == null || value instanceof byte[]) {
        return (byte[]) value;
      }
      return Json.mapper().writeValueAsBytes(value);
    }
  }
}
