package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads {@code drones.telemetry} from the offsets current when it was opened. */
final class TelemetryTap implements AutoCloseable {

  private final KafkaConsumer<String, DroneTelemetry> consumer;
  private final List<ConsumerRecord<String, DroneTelemetry>> seen = new ArrayList<>();

  TelemetryTap(String bootstrap) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            Topics.DRONES_TELEMETRY.keySerde().deserializer(),
            Topics.DRONES_TELEMETRY.valueSerde().deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.DRONES_TELEMETRY.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /**
   * Polls until a record matches or the deadline passes; answers everything seen so far (which may
   * run past the matching record).
   */
  List<ConsumerRecord<String, DroneTelemetry>> until(
      Predicate<DroneTelemetry> stop, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean matched = false;
      for (ConsumerRecord<String, DroneTelemetry> r : consumer.poll(Duration.ofMillis(200))) {
        seen.add(r); // the whole batch, so a later call continues without a gap
        matched |= stop.test(r.value());
      }
      if (matched) {
        return List.copyOf(seen);
      }
    }
    throw new AssertionError("no matching telemetry within " + timeout + "; saw " + seen.size());
  }

  List<DroneTelemetry> of(String droneId) {
    return seen.stream()
        .map(ConsumerRecord::value)
        .filter(t -> t.droneId().equals(droneId))
        .toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
