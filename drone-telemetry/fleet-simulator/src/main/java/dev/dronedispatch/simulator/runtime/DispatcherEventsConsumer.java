package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the dispatcher's decisions: {@code fleet.events} (every drone status change) and {@code
 * deliveries.status} (which delivery an assigned drone carries), {@code read_committed}. It takes
 * every partition (no consumer group: the KV documents read at registration are the starting state,
 * and the end offsets are fixed <em>before</em> that read, so no decision in between is missed).
 */
final class DispatcherEventsConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DispatcherEventsConsumer.class);

  /** Receives decoded events on the consumer thread. */
  interface Sink {
    void fleetEvent(FleetEvent event);

    void statusChanged(DeliveryStatusChanged event);
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final Counter received;
  private final Counter undecodable;
  private Thread thread;
  private volatile boolean running;

  DispatcherEventsConsumer(String bootstrapServers, MeterRegistry registry) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.CLIENT_ID_CONFIG, "fleet-simulator-events",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.received = registry.counter("simulator.dispatcher.events");
    this.undecodable = registry.counter("simulator.dispatcher.events.undecodable");
  }

  /** Takes every partition of both topics and fixes the current end offsets as the start. */
  void seekToEnd(Duration topicWait) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.FLEET_EVENTS.name(), Topics.DELIVERIES_STATUS.name())) {
      partitions.addAll(partitionsOf(topic, topicWait));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    for (TopicPartition tp : partitions) {
      consumer.position(tp);
    }
  }

  private List<TopicPartition> partitionsOf(String topic, Duration wait) {
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

  void start(Sink sink) {
    running = true;
    thread = new Thread(() -> pollLoop(sink), "fleet-simulator-events");
    thread.setDaemon(true);
    thread.start();
  }

  private void pollLoop(Sink sink) {
    Consumer<ConsumerRecord<String, byte[]>> dispatch =
        r -> {
          try {
            if (r.topic().equals(Topics.FLEET_EVENTS.name())) {
              FleetEvent e =
                  Topics.FLEET_EVENTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
              if (e != null) {
                sink.fleetEvent(e);
              }
            } else {
              DeliveryStatusChanged e =
                  Topics.DELIVERIES_STATUS
                      .valueSerde()
                      .deserializer()
                      .deserialize(r.topic(), r.value());
              if (e != null) {
                sink.statusChanged(e);
              }
            }
            received.increment();
          } catch (KafkaException | IllegalArgumentException e) {
            undecodable.increment();
            log.warn(
                "skipping undecodable record topic={} partition={} offset={}: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                e.toString());
          }
        };
    try {
      while (running) {
        consumer.poll(Duration.ofMillis(500)).forEach(dispatch);
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("dispatcher events consumer stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  boolean alive() {
    return thread != null && thread.isAlive();
  }

  @Override
  public void close() {
    running = false;
    if (thread == null) {
      consumer.close(Duration.ofSeconds(2));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
