package dev.dronedispatch.ordergen.measure;

import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@code deliveries.status} ({@code read_committed}, every partition from the end offsets at
 * start, no consumer group) to a {@link DeliveryTracker}.
 */
public final class StatusFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatusFollower.class);
  private static final Duration METADATA_WAIT = Duration.ofSeconds(5);

  private final KafkaConsumer<String, byte[]> consumer;
  private final DeliveryTracker tracker;
  private final Thread thread;
  private volatile boolean running = true;

  private StatusFollower(KafkaConsumer<String, byte[]> consumer, DeliveryTracker tracker) {
    this.consumer = consumer;
    this.tracker = tracker;
    this.thread = new Thread(this::loop, "ordergen-status");
    this.thread.setDaemon(true);
  }

  /**
   * Positions at the current end of the topic, then follows it on its own thread. A broker that has
   * no metadata for the topic within {@link #METADATA_WAIT} (not up, slow, topic not created yet)
   * fails with Kafka's {@link TimeoutException}, which is worth another attempt.
   */
  public static StatusFollower start(String bootstrap, DeliveryTracker tracker) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "ordergen-status",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DELIVERIES_STATUS.name(), METADATA_WAIT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new TimeoutException(Topics.DELIVERIES_STATUS.name() + " has no partitions yet");
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    } catch (KafkaException e) {
      consumer.close();
      throw e;
    }
    StatusFollower follower = new StatusFollower(consumer, tracker);
    follower.thread.start();
    return follower;
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          try {
            DeliveryStatusChanged e =
                Topics.DELIVERIES_STATUS
                    .valueSerde()
                    .deserializer()
                    .deserialize(r.topic(), r.value());
            if (e != null) {
              tracker.onStatus(e, Instant.now());
            }
          } catch (KafkaException e) {
            log.warn(
                "skipping undecodable status record at offset {}: {}", r.offset(), e.toString());
          }
        }
        tracker.forgetParkedBefore(Instant.now().minusSeconds(120));
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("status follower woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("status follower stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
