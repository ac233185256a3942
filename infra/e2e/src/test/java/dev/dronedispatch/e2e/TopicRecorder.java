package dev.dronedispatch.e2e;

import dev.dronedispatch.model.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Records a topic's values from its beginning as a read_committed consumer sees them. */
final class TopicRecorder<V> implements AutoCloseable {

  private final List<V> history = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  TopicRecorder(String bootstrapServers, Topic<String, V> topic) {
    KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topic.keySerde().deserializer(),
            topic.valueSerde().deserializer());
    consumer.subscribe(List.of(topic.name()));
    poller =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
                  consumer.poll(Duration.ofMillis(200)).forEach(r -> history.add(r.value()));
                }
              }
            },
            "recorder-" + topic.name());
    poller.setDaemon(true);
    poller.start();
  }

  /** What was recorded so far, in the order it was read (topic order within a partition). */
  List<V> history() {
    return List.copyOf(history);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(5_000);
  }
}
