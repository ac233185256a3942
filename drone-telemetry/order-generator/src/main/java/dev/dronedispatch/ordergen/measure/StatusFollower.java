package dev.dronedispatch.ordergen.measure;

import dev.dronedispatch.kafka.listener.DeadLetterRecoverer;
import dev.dronedispatch.kafka.listener.ListenerContainers;
import dev.dronedispatch.kafka.listener.TopicPartitions;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.EventDecoder;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * Feeds {@code deliveries.status} ({@code read_committed}, every partition from the end offsets at
 * start, no consumer group) to a {@link DeliveryTracker}, on a spring-kafka listener container
 * ({@link ListenerContainers}). A record it cannot read ({@link EventDecoder}) goes to {@code
 * deliveries.status.dlq} with the dead-letter headers, counted in {@value #DEAD_LETTERS}, and
 * following goes on.
 */
public final class StatusFollower implements AutoCloseable {

  /** The counter of the records set aside, tagged with their {@code topic}. */
  public static final String DEAD_LETTERS = "ordergen.dead.letters";

  private static final Duration METADATA_WAIT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PARKED_FOR = Duration.ofSeconds(120);
  private static final List<String> TOPICS = List.of(Topics.DELIVERIES_STATUS.name());

  private final DeliveryTracker tracker;
  private final DeadLetterRecoverer deadLetters;
  private final KafkaMessageListenerContainer<byte[], byte[]> container;

  /** When parked events were last forgotten; the container's thread only. */
  private Instant forgotAt = Instant.now();

  private StatusFollower(
      ConsumerFactory<byte[], byte[]> consumers,
      List<TopicPartitionOffset> ends,
      DeliveryTracker tracker,
      DeadLetterRecoverer deadLetters) {
    this.tracker = tracker;
    this.deadLetters = deadLetters;
    this.container =
        ListenerContainers.container(
            "ordergen-status",
            consumers,
            ends,
            (MessageListener<byte[], byte[]>) this::follow,
            POLL,
            deadLetters);
  }

  /**
   * Positions at the current end of the topic, then follows it on its own thread. A broker that has
   * no metadata for the topic within {@link #METADATA_WAIT} (not up, slow, topic not created yet)
   * fails with Kafka's {@link TimeoutException}, which is worth another attempt.
   */
  public static StatusFollower start(
      String bootstrap, DeliveryTracker tracker, MeterRegistry registry) {
    ConsumerFactory<byte[], byte[]> consumers =
        ListenerContainers.rawConsumers(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "ordergen-status",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false));
    List<TopicPartitionOffset> ends;
    try (Consumer<byte[], byte[]> c = consumers.createConsumer()) {
      // fixed here, not by the container's thread: orders sent once this returns are measured
      ends = TopicPartitions.endOffsets(c, TOPICS, METADATA_WAIT);
    }
    DeadLetterRecoverer deadLetters =
        new DeadLetterRecoverer(bootstrap, "ordergen-dead-letters", registry, DEAD_LETTERS, TOPICS);
    StatusFollower follower = new StatusFollower(consumers, ends, tracker, deadLetters);
    follower.container.start();
    return follower;
  }

  private void follow(ConsumerRecord<byte[], byte[]> r) {
    DeliveryStatusChanged e = EventDecoder.status(r.topic(), r.value());
    Instant now = Instant.now();
    if (e != null) {
      tracker.onStatus(e, now);
    }
    if (now.isAfter(forgotAt.plusSeconds(1))) {
      tracker.forgetParkedBefore(now.minus(PARKED_FOR));
      forgotAt = now;
    }
  }

  @Override
  public void close() {
    container.stop();
    deadLetters.close();
  }
}
