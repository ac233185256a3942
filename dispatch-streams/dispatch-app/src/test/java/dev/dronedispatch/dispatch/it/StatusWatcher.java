package dev.dronedispatch.dispatch.it;

import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Follows deliveries.status with read_committed and counts distinct delivered deliveries. */
final class StatusWatcher implements AutoCloseable {

  private final Set<String> delivered = ConcurrentHashMap.newKeySet();
  private final java.util.Map<String, String> last = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  StatusWatcher(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    var topic = Topics.DELIVERIES_STATUS;
    KafkaConsumer<String, DeliveryStatusChanged> c =
        new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    var parts =
        c.partitionsFor(topic.name()).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    thread =
        new Thread(
            () -> {
              try (c) {
                while (running.get()) {
                  for (ConsumerRecord<String, DeliveryStatusChanged> r :
                      c.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                      continue;
                    }
                    last.put(
                        r.value().deliveryId(),
                        r.value().status().wireName() + "@" + r.partition() + ":" + r.offset());
                    if (r.value().status() == DeliveryStatus.DELIVERED) {
                      delivered.add(r.value().deliveryId());
                    }
                  }
                }
              }
            },
            "status-watcher");
    thread.start();
  }

  int delivered() {
    return delivered.size();
  }

  /** The last committed status seen of each delivery not delivered yet (for failure messages). */
  java.util.Map<String, String> notDelivered(java.util.Collection<String> ids) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (String id : ids) {
      if (!delivered.contains(id)) {
        out.put(id, last.getOrDefault(id, "none"));
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5000);
  }
}
