package dev.dronedispatch.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic back as strings, for the tests of the modules that consume with this one: what a
 * service published, the dead letters it set aside.
 */
public final class TopicRecords {

  private TopicRecords() {}

  /**
   * Polls the whole topic from the beginning ({@code read_committed}) until {@code done} holds for
   * the records read so far or the deadline passes; answers the records read.
   */
  public static List<ConsumerRecord<String, String>> readUntil(
      String bootstrap,
      String topic,
      Predicate<List<ConsumerRecord<String, String>>> done,
      Duration timeout) {
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      List<ConsumerRecord<String, String>> seen = new ArrayList<>();
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        c.poll(Duration.ofMillis(200)).forEach(seen::add);
        if (done.test(seen)) {
          return seen;
        }
      }
      return seen;
    }
  }

  /**
   * The records of {@code topic} that {@code wanted} picks, in the order read, once there are
   * {@code count} of them (or after 30 s).
   */
  public static List<ConsumerRecord<String, String>> read(
      String bootstrap, String topic, Predicate<ConsumerRecord<String, String>> wanted, int count) {
    return readUntil(
            bootstrap,
            topic,
            seen -> seen.stream().filter(wanted).count() >= count,
            Duration.ofSeconds(30))
        .stream()
        .filter(wanted)
        .toList();
  }

  /** The text of a record's last header named {@code name}; null when it has none. */
  public static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
