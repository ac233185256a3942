package dev.dronedispatch.ordergen.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kafka.listener.TopicRecords;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.DeadLetterHeaders;
import dev.dronedispatch.model.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Status records the generator cannot read, on the real broker: text that is not JSON and an event
 * without its status land byte for byte in {@code deliveries.status.dlq} with the headers naming
 * the error and the source, are counted, and the assignment sent after them on the same partition
 * is still measured.
 */
@ExtendWith(RealKafkaExtension.class)
class StatusFollowerTest {

  @Test
  void unreadableStatusRecordsGoToTheDeadLetterTopicAndFollowingGoesOn(KafkaCluster kafka)
      throws Exception {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    String bootstrap = kafka.bootstrapServers();
    String id = "d-" + UUID.randomUUID();
    String notJson = "not json";
    String noStatus = "{\"delivery_id\": \"" + id + "\"}";
    DeliveryTracker tracker = new DeliveryTracker();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (StatusFollower follower = StatusFollower.start(bootstrap, tracker, metrics);
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new StringSerializer())) {
      tracker.accepted(id, System.currentTimeMillis() * 1_000_000L);
      String topic = Topics.DELIVERIES_STATUS.name();
      // one key: the three records share a partition, the good one last
      RecordMetadata first = producer.send(new ProducerRecord<>(topic, id, notJson)).get();
      RecordMetadata second = producer.send(new ProducerRecord<>(topic, id, noStatus)).get();
      producer.send(new ProducerRecord<>(topic, id, assigned(id))).get();

      await().atMost(Duration.ofSeconds(30)).until(() -> tracker.awaitingAssignment() == 0);
      assertThat(metrics.counter(StatusFollower.DEAD_LETTERS, "topic", topic).count())
          .isEqualTo(2.0);

      List<ConsumerRecord<String, String>> letters =
          TopicRecords.read(
              bootstrap,
              Topics.deadLetters(Topics.DELIVERIES_STATUS.name()),
              r -> id.equals(r.key()),
              2);
      assertThat(letters).extracting(ConsumerRecord::value).containsExactly(notJson, noStatus);
      assertSource(letters.get(0), first);
      assertSource(letters.get(1), second);
      assertThat(header(letters.get(0), DeadLetterHeaders.ERROR_MESSAGE))
          .isEqualTo("cannot read DeliveryStatusChanged from topic deliveries.status");
      assertThat(header(letters.get(1), DeadLetterHeaders.ERROR_MESSAGE))
          .startsWith("status event on deliveries.status names no delivery_id or no status");
    }
  }

  private static String assigned(String id) {
    DeliveryStatusChanged e =
        new DeliveryStatusChanged(
            id, DeliveryStatus.ASSIGNED, "drone-1", null, Instant.now(), Instant.now(), null, null);
    return new String(
        Topics.DELIVERIES_STATUS.valueSerde().serializer().serialize("", e),
        StandardCharsets.UTF_8);
  }

  private static void assertSource(ConsumerRecord<String, String> letter, RecordMetadata source) {
    assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo(Topics.DELIVERIES_STATUS.name());
    assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION))
        .isEqualTo(Integer.toString(source.partition()));
    assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo(Long.toString(source.offset()));
    assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo("org.apache.kafka.common.errors.SerializationException");
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    String value = TopicRecords.header(r, name);
    assertThat(value).as("header %s", name).isNotNull();
    return value;
  }
}
