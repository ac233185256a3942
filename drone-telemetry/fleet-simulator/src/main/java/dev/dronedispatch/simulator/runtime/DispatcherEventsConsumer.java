package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kafka.listener.DeadLetterRecoverer;
import dev.dronedispatch.kafka.listener.ListenerContainers;
import dev.dronedispatch.kafka.listener.TopicPartitions;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.topics.EventDecoder;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * Follows the dispatcher's decisions: {@code fleet.events} (every drone status change) and {@code
 * deliveries.status} (which delivery an assigned drone carries), {@code read_committed}. It takes
 * every partition (no consumer group: the KV documents read at registration are the starting state,
 * and the end offsets are fixed <em>before</em> that read, by {@link #seekToEnd}, so no decision in
 * between is missed).
 *
 * <p>The poll loop is a spring-kafka listener container ({@link ListenerContainers}), assigned to
 * those partitions at those offsets. A value it cannot use — not JSON, or without the fields the
 * fleet acts on ({@link EventDecoder}) — goes at once, byte for byte, to {@code <topic>.dlq} with
 * the dead-letter headers ({@link DeadLetterRecoverer}), and following goes on with the next
 * record; any other failure while handling a record is tried twice more first.
 */
final class DispatcherEventsConsumer implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final List<String> TOPICS =
      List.of(Topics.FLEET_EVENTS.name(), Topics.DELIVERIES_STATUS.name());

  /** Receives decoded events on the consumer thread. */
  interface Sink {
    void fleetEvent(FleetEvent event);

    void statusChanged(DeliveryStatusChanged event);
  }

  private final ConsumerFactory<byte[], byte[]> consumers;
  private final DeadLetterRecoverer deadLetters;
  private final Counter received;
  private List<TopicPartitionOffset> startOffsets;
  private KafkaMessageListenerContainer<byte[], byte[]> container;

  DispatcherEventsConsumer(String bootstrapServers, MeterRegistry registry) {
    this.consumers =
        ListenerContainers.rawConsumers(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "fleet-simulator-events",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
    this.deadLetters =
        new DeadLetterRecoverer(
            bootstrapServers,
            "fleet-simulator-dead-letters",
            registry,
            "simulator.dead.letters",
            TOPICS);
    this.received = registry.counter("simulator.dispatcher.events");
  }

  /**
   * Takes every partition of both topics and fixes their current end offsets (the last stable
   * offsets: {@code read_committed}) as where {@link #start} begins to read.
   */
  void seekToEnd(Duration topicWait) {
    try (Consumer<byte[], byte[]> consumer =
        consumers.createConsumer(null, "fleet-simulator-events-start", null)) {
      startOffsets = TopicPartitions.endOffsets(consumer, TOPICS, topicWait);
    }
  }

  /** Starts reading at the offsets {@link #seekToEnd} fixed, handing each event to {@code sink}. */
  void start(Sink sink) {
    if (startOffsets == null) {
      throw new IllegalStateException("seekToEnd first: it fixes where reading starts");
    }
    container =
        ListenerContainers.container(
            "fleet-simulator-events",
            consumers,
            startOffsets,
            (MessageListener<byte[], byte[]>) r -> handle(r, sink),
            POLL,
            deadLetters);
    container.start();
  }

  private void handle(ConsumerRecord<byte[], byte[]> r, Sink sink) {
    Object value = EventDecoder.decode(r.topic(), r.value());
    if (value instanceof FleetEvent e) {
      sink.fleetEvent(e);
    } else if (value instanceof DeliveryStatusChanged e) {
      sink.statusChanged(e);
    } // null: a tombstone, nothing to follow
    received.increment();
  }

  boolean alive() {
    return container != null && container.isRunning();
  }

  @Override
  public void close() {
    if (container != null) {
      container.stop(); // waits up to the shutdown timeout for the consumer to close
    }
    deadLetters.close();
  }
}
