package dev.dronedispatch.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replays a real topic: status events of 10 deliveries, 3 each, with known timestamps. */
@ExtendWith(RealKafkaExtension.class)
class TopicReplayTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final String TOPIC = Topics.DELIVERIES_STATUS.name();
  private static TopicReplay replay;

  @BeforeAll
  static void publish(KafkaCluster kafka) throws Exception {
    kafka.createTopics(Topics.names(), 6);
    replay = new TopicReplay(kafka.bootstrapServers());
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            Topics.DELIVERIES_STATUS.keySerde().serializer(),
            Topics.DELIVERIES_STATUS.valueSerde().serializer())) {
      for (int i = 0; i < 10; i++) {
        String id = "replay-d" + i;
        int step = 0;
        for (DeliveryStatus s :
            List.of(DeliveryStatus.ASSIGNED, DeliveryStatus.IN_FLIGHT, DeliveryStatus.DELIVERED)) {
          Instant ts = T0.plusSeconds(i * 60L + step++ * 10L);
          AssignmentDecision decision =
              s == DeliveryStatus.ASSIGNED
                  ? new AssignmentDecision(
                      7,
                      Map.of("weight_class", 4),
                      new AssignmentDecision.RankKeys("drone-" + i, 0.42, 2, 1, 77.0, 60.0, null),
                      List.of(
                          new AssignmentDecision.RankKeys(
                              "drone-99", 0.9, 4, 1, 50.0, 60.0, "distance_bucket")))
                  : null;
          var event =
              new DeliveryStatusChanged(
                  id, s, "drone-" + i, Leg.TO_ORIGIN, ts, T0, s.wireName(), decision);
          producer.send(new ProducerRecord<>(TOPIC, null, ts.toEpochMilli(), id, event)).get();
        }
      }
    }
  }

  private static ReplayQuery query(
      Optional<Instant> from, Optional<Instant> to, Optional<String> key, long max) {
    return new ReplayQuery(TOPIC, from, to, Optional.empty(), Optional.empty(), key, max);
  }

  @Test
  void aKeyReplaysOneDeliveryInItsOrder() {
    List<ReplayedRecord> records =
        replay.collect(query(Optional.empty(), Optional.empty(), Optional.of("replay-d3"), 100));
    assertThat(records).extracting(ReplayedRecord::key).containsOnly("replay-d3");
    assertThat(records)
        .extracting(r -> r.value().replaceAll(".*\"status\":\"([a-z_]+)\".*", "$1"))
        .containsExactly("assigned", "in_flight", "delivered");
  }

  @Test
  void aTimeWindowSelectsByRecordTimestamp() {
    List<ReplayedRecord> records =
        replay.collect(
            query(
                Optional.of(T0.plusSeconds(120)),
                Optional.of(T0.plusSeconds(240)),
                Optional.empty(),
                1000));
    assertThat(records).hasSize(6);
    assertThat(records).extracting(ReplayedRecord::key).containsOnly("replay-d2", "replay-d3");
  }

  @Test
  void anOffsetStartsThereInTheKeysPartition() {
    List<ReplayedRecord> all =
        replay.collect(query(Optional.empty(), Optional.empty(), Optional.of("replay-d5"), 100));
    long second = all.get(1).offset();
    List<ReplayedRecord> fromSecond =
        replay.collect(
            new ReplayQuery(
                TOPIC,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(second),
                Optional.of("replay-d5"),
                100));
    assertThat(fromSecond).hasSize(2);
    assertThat(fromSecond.get(0).offset()).isEqualTo(second);
  }

  @Test
  void maxBoundsTheReplayAndItAlwaysTerminates() {
    assertThat(replay.collect(query(Optional.empty(), Optional.empty(), Optional.empty(), 4)))
        .hasSize(4);
    // this test's records only: other test classes of this JVM write the same topic
    assertThat(replay.collect(query(Optional.empty(), Optional.empty(), Optional.empty(), 10_000)))
        .filteredOn(r -> r.key().startsWith("replay-d"))
        .hasSize(30);
  }

  @Test
  void anAssignmentIsExplainedWithItsRankKeysAndRejections() {
    ReplayedRecord first =
        replay
            .collect(query(Optional.empty(), Optional.empty(), Optional.of("replay-d1"), 1))
            .get(0);
    assertThat(DecisionExplainer.explain(first))
        .contains("delivery replay-d1 assigned drone=drone-1")
        .contains("considered 7 drones")
        .contains("rejected {weight_class=4}")
        .contains("chose drone-1: 0.420 km (bucket 2), zone rank 1, battery 77.0%, 60 km/h")
        .contains("drone-99 lost on distance_bucket (0.900 km, zone rank 1, battery 50.0%)");
  }

  @Test
  void aReplayOfATransactionalTopicEndsDespiteCommitMarkers(KafkaCluster kafka) throws Exception {
    String topic = "replay-transactional";
    kafka.createTopics(List.of(topic), 1);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "replay-test"),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.StringSerializer())) {
      producer.initTransactions();
      for (int i = 0; i < 3; i++) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "k", "v" + i));
        producer.commitTransaction();
      }
    }
    // the log is v0, marker, v1, marker, v2, marker: the end offset is past the last record
    List<ReplayedRecord> records =
        replay.collect(
            new ReplayQuery(
                topic,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                100));
    assertThat(records).extracting(ReplayedRecord::value).containsExactly("v0", "v1", "v2");
  }

  @Test
  void aDeadLetterIsShownWithItsErrorAndWhereItCameFrom(KafkaCluster kafka) throws Exception {
    String topic = Topics.deadLetters(Topics.DELIVERIES_REQUESTED.name());
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.StringSerializer())) {
      ProducerRecord<String, String> letter = new ProducerRecord<>(topic, "junk-1", "not json");
      letter.headers().add("dlq.source.topic", "deliveries.requested".getBytes());
      letter.headers().add("dlq.source.partition", "3".getBytes());
      letter.headers().add("dlq.source.offset", "41".getBytes());
      letter.headers().add("dlq.error.class", "org.example.Boom".getBytes());
      letter.headers().add("dlq.error.message", "cannot decode".getBytes());
      producer.send(letter).get();
    }
    List<ReplayedRecord> records =
        replay.collect(
            new ReplayQuery(
                topic,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                10));
    assertThat(records).hasSize(1);
    assertThat(records.get(0).headers()).containsEntry("dlq.source.offset", "41");
    assertThat(DecisionExplainer.explain(records.get(0)))
        .contains("key=junk-1 dead letter from deliveries.requested[3]@41")
        .contains("org.example.Boom: cannot decode")
        .endsWith("value=not json");
  }
}
