package dev.dronedispatch.kafka.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.TopicPartitionOffset;

/** Every partition of some topics, for consumers that assign them all by hand. */
public final class TopicPartitions {

  private static final Logger log = LoggerFactory.getLogger(TopicPartitions.class);
  private static final Duration ASK_AGAIN = Duration.ofMillis(500);

  private TopicPartitions() {}

  /**
   * Every partition of {@code topics}, asking again while a topic has no metadata yet (a broker
   * still starting or slow to answer, a topic not created yet) for up to {@code wait}; then Kafka's
   * (retriable) {@link TimeoutException}, as a metadata timeout of the client's own would be.
   */
  public static List<TopicPartition> await(
      Consumer<?, ?> consumer, Collection<String> topics, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      partitions.addAll(of(consumer, topic, deadline, wait));
    }
    return partitions;
  }

  /**
   * Every partition of {@code topics} ({@link #await}) at its end offset now: the last stable
   * offset for a {@code read_committed} consumer. Fixed before a container starts, so that reading
   * begins exactly there, whenever its thread gets to it.
   */
  public static List<TopicPartitionOffset> endOffsets(
      Consumer<?, ?> consumer, Collection<String> topics, Duration wait) {
    List<TopicPartition> partitions = await(consumer, topics, wait);
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    return partitions.stream()
        .map(tp -> new TopicPartitionOffset(tp.topic(), tp.partition(), consumer.position(tp)))
        .toList();
  }

  private static List<TopicPartition> of(
      Consumer<?, ?> consumer, String topic, long deadline, Duration wait) {
    while (true) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (TimeoutException slow) {
        infos = List.of();
      }
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topic " + topic + " not found within " + wait);
      }
      log.info("waiting for topic {} (no metadata yet)", topic);
      try {
        Thread.sleep(ASK_AGAIN.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + topic, e);
      }
    }
  }
}
