package dev.dronedispatch.e2e;

import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Records the deliveries.status history as a read_committed consumer sees it, in topic order. */
final class StatusRecorder implements AutoCloseable {

  private final List<DeliveryStatusChanged> history = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  StatusRecorder(String bootstrapServers) {
    KafkaConsumer<String, DeliveryStatusChanged> consumer =
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
            Topics.DELIVERIES_STATUS.keySerde().deserializer(),
            Topics.DELIVERIES_STATUS.valueSerde().deserializer());
    consumer.subscribe(List.of(Topics.DELIVERIES_STATUS.name()));
    poller =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
                  consumer.poll(Duration.ofMillis(200)).forEach(r -> history.add(r.value()));
                }
              }
            },
            "status-recorder");
    poller.setDaemon(true);
    poller.start();
  }

  List<DeliveryStatusChanged> history() {
    return List.copyOf(history);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(5_000);
  }
}
