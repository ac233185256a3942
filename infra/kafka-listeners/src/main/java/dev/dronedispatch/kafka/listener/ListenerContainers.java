package dev.dronedispatch.kafka.listener;

import dev.dronedispatch.model.kafka.KafkaIdentity;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The listener containers of the system's plain consumers (no application context): partitions
 * assigned by hand, no group, nothing committed, one daemon thread each. Records arrive as raw
 * bytes and the listener decodes them, so a record set aside keeps the bytes it was read with.
 *
 * <p>A record the listener cannot decode (it throws Kafka's {@link SerializationException}, as the
 * topics' serdes do) is not retried, since its bytes will not change; any other failure is tried
 * twice more, 200 ms apart. Then the {@link DeadLetterRecoverer} sets it aside and the container
 * goes on with the next record; if even that fails, the record is read again.
 */
public final class ListenerContainers {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private ListenerContainers() {}

  /**
   * Consumers of raw key and value bytes with {@code config}'s other settings, connecting as this
   * process's {@link KafkaIdentity}.
   */
  public static ConsumerFactory<byte[], byte[]> rawConsumers(Map<String, Object> config) {
    Map<String, Object> props = new HashMap<>(KafkaIdentity.current().clientProperties());
    props.putAll(config);
    return new DefaultKafkaConsumerFactory<>(
        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * A stopped container named {@code name} (its thread's prefix too) reading the partitions of
   * {@code from} where they say. The listener may also implement {@code ConsumerSeekAware}.
   */
  public static KafkaMessageListenerContainer<byte[], byte[]> container(
      String name,
      ConsumerFactory<byte[], byte[]> consumers,
      Collection<TopicPartitionOffset> from,
      GenericMessageListener<ConsumerRecord<byte[], byte[]>> listener,
      Duration pollTimeout,
      DeadLetterRecoverer deadLetters) {
    ContainerProperties props = new ContainerProperties(from.toArray(TopicPartitionOffset[]::new));
    props.setMessageListener(listener);
    props.setPollTimeout(pollTimeout.toMillis());
    props.setShutdownTimeout(STOP_TIMEOUT.toMillis());
    SimpleAsyncTaskExecutor thread = new SimpleAsyncTaskExecutor(name + "-");
    thread.setDaemon(true);
    props.setListenerTaskExecutor(thread);
    KafkaMessageListenerContainer<byte[], byte[]> container =
        new KafkaMessageListenerContainer<>(consumers, props);
    container.setBeanName(name);
    container.setCommonErrorHandler(errorHandler(deadLetters));
    return container;
  }

  static DefaultErrorHandler errorHandler(DeadLetterRecoverer deadLetters) {
    DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, new FixedBackOff(200, 2));
    handler.addNotRetryableExceptions(SerializationException.class);
    return handler;
  }
}
