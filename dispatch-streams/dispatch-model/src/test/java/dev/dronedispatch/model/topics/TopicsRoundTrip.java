package dev.dronedispatch.model.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.model.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends one event of every type through a real broker with the shared serdes and reads it back. Run
 * against the embedded broker and, where Docker exists, against the official image.
 */
abstract class TopicsRoundTrip {

  static void createTopics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
  }

  void everyEventTypeSurvivesTheBroker(KafkaCluster kafka) throws Exception {
    roundTrip(kafka, Topics.DELIVERIES_REQUESTED, Samples.requested().id(), Samples.requested());
    roundTrip(kafka, Topics.DRONES_TELEMETRY, "drone-7", Samples.telemetry());
    roundTrip(kafka, Topics.DELIVERIES_STATUS, Samples.requested().id(), Samples.assigned());
    roundTrip(kafka, Topics.FLEET_EVENTS, "drone-9", Samples.fleetEvent());
  }

  private static <V> void roundTrip(KafkaCluster kafka, Topic<String, V> topic, String key, V value)
      throws Exception {
    try (KafkaProducer<String, V> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        KafkaConsumer<String, V> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "roundtrip-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed"),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
      var metadata = producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
      consumer.subscribe(List.of(topic.name()));
      List<ConsumerRecord<String, V>> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline
          && seen.stream()
              .noneMatch(
                  r -> r.offset() == metadata.offset() && r.partition() == metadata.partition())) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
      ConsumerRecord<String, V> record =
          seen.stream()
              .filter(r -> r.offset() == metadata.offset() && r.partition() == metadata.partition())
              .findFirst()
              .orElseThrow(() -> new AssertionError("no record back from " + topic.name()));
      assertThat(record.key()).isEqualTo(key);
      assertThat(record.value()).isEqualTo(value);
    }
  }
}
