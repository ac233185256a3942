package dev.dronedispatch.simulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kafka.listener.TopicRecords;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.DeadLetterHeaders;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the simulator cannot use, on the real broker: bytes that are not JSON on {@code
 * fleet.events} and {@code deliveries.status}, and a fleet event that decodes but names no new
 * status. Each lands, byte for byte, in its topic's {@code .dlq} with the headers naming the error
 * and its source, and a good fleet event sent after them is still applied. Also: reading starts
 * exactly at the end offsets fixed before the start, as the registration read relies on.
 *
 * <p>The shared broker is fine here: every simulator and consumer of these tests starts at the end
 * offsets, so the garbage reaches only this test's; the dead letters are told apart by their keys.
 */
@ExtendWith(RealKafkaExtension.class)
class DeadLetterTest {

  private static String bootstrap;

  private KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
  }

  @BeforeEach
  void producer() {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  @AfterEach
  void close() {
    producer.close(Duration.ofSeconds(5));
  }

  @Test
  void recordsThatCannotBeDecodedGoToTheirDeadLetterTopicAndFollowingGoesOn(@TempDir Path dir)
      throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    SimulatorConfig config =
        SimulatorConfig.fromEnv(
            Map.of(
                "DRONE_POOL_MAX", "3",
                "DRONE_TICK_SEC", "0.05",
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    String run = UUID.randomUUID().toString();
    String notJson = "not json at all";
    String cutShort = "{\"delivery_id\": ";
    String noStatus = "{\"drone_id\": \"drone-2\", \"from\": \"inactive\"}";
    try (TestKv kv = TestKv.start(dir);
        FleetSimulator sim = FleetSimulator.start(config, kv.client(), metrics);
        DispatcherDouble dispatcher =
            new DispatcherDouble(new KvDocuments(kv.client(), Json.mapper()), bootstrap)) {
      assertThat(sim.drone("drone-1").map(d -> d.status())).contains(DroneStatus.INACTIVE);

      RecordMetadata junkFleet = send(Topics.FLEET_EVENTS.name(), "junk-fleet-" + run, notJson);
      RecordMetadata junkStatus =
          send(Topics.DELIVERIES_STATUS.name(), "junk-status-" + run, cutShort);
      RecordMetadata partial = send(Topics.FLEET_EVENTS.name(), "drone-2", noStatus);
      // good events after the garbage, one on the same partition as the bad fleet event
      dispatcher.fleet("drone-1", DroneStatus.INACTIVE, DroneStatus.IDLE, "ready");
      dispatcher.fleet("drone-2", DroneStatus.INACTIVE, DroneStatus.IDLE, "ready");
      dispatcher.status("d-" + run, DeliveryStatus.DELIVERED, "drone-3", null);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sim.drone("drone-1").map(d -> d.status()).equals(Optional.of(DroneStatus.IDLE))
                      && sim.drone("drone-2")
                          .map(d -> d.status())
                          .equals(Optional.of(DroneStatus.IDLE)));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> metrics.counter("simulator.dispatcher.events").count() == 3.0);

      List<ConsumerRecord<String, String>> fleetLetters =
          TopicRecords.read(
              bootstrap,
              Topics.deadLetters(Topics.FLEET_EVENTS.name()),
              r -> List.of("junk-fleet-" + run, "drone-2").contains(r.key()),
              2);
      ConsumerRecord<String, String> letter = only(fleetLetters, "junk-fleet-" + run);
      assertThat(letter.value()).isEqualTo(notJson);
      assertSource(letter, Topics.FLEET_EVENTS.name(), junkFleet);
      assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS))
          .isEqualTo("org.apache.kafka.common.errors.SerializationException");
      assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE))
          .isEqualTo("cannot read FleetEvent from topic fleet.events");
      // spring-kafka's own headers come along
      assertThat(header(letter, "kafka_dlt-original-topic")).isEqualTo("fleet.events");

      ConsumerRecord<String, String> partialLetter = only(fleetLetters, "drone-2");
      assertThat(partialLetter.value()).isEqualTo(noStatus);
      assertSource(partialLetter, Topics.FLEET_EVENTS.name(), partial);
      assertThat(header(partialLetter, DeadLetterHeaders.ERROR_MESSAGE))
          .startsWith("fleet event on fleet.events names no drone_id or no to status");

      List<ConsumerRecord<String, String>> statusLetters =
          TopicRecords.read(
              bootstrap,
              Topics.deadLetters(Topics.DELIVERIES_STATUS.name()),
              r -> ("junk-status-" + run).equals(r.key()),
              1);
      ConsumerRecord<String, String> statusLetter = statusLetters.get(0);
      assertThat(statusLetter.value()).isEqualTo(cutShort);
      assertSource(statusLetter, Topics.DELIVERIES_STATUS.name(), junkStatus);
      assertThat(header(statusLetter, DeadLetterHeaders.ERROR_CLASS))
          .isEqualTo("org.apache.kafka.common.errors.SerializationException");

      assertThat(metrics.counter("simulator.dead.letters", "topic", "fleet.events").count())
          .isEqualTo(2.0);
      assertThat(metrics.counter("simulator.dead.letters", "topic", "deliveries.status").count())
          .isEqualTo(1.0);
      assertThat(sim.health().up()).isTrue();
    }
  }

  @Test
  void readingStartsAtTheEndOffsetsFixedBeforeTheStart() throws Exception {
    String run = UUID.randomUUID().toString();
    List<FleetEvent> seen = new CopyOnWriteArrayList<>();
    List<DeliveryStatusChanged> statuses = new CopyOnWriteArrayList<>();
    DispatcherEventsConsumer.Sink sink =
        new DispatcherEventsConsumer.Sink() {
          @Override
          public void fleetEvent(FleetEvent event) {
            seen.add(event);
          }

          @Override
          public void statusChanged(DeliveryStatusChanged event) {
            statuses.add(event);
          }
        };
    sendFleet("before-" + run);
    try (DispatcherEventsConsumer events =
        new DispatcherEventsConsumer(bootstrap, new SimpleMeterRegistry())) {
      events.seekToEnd(Duration.ofSeconds(30));
      sendFleet("between-" + run); // after the offsets are fixed, before the start
      assertThat(events.alive()).isFalse();
      events.start(sink);
      assertThat(events.alive()).isTrue();
      sendFleet("after-" + run);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> seen.stream().anyMatch(e -> e.droneId().equals("after-" + run)));
      assertThat(seen)
          .extracting(FleetEvent::droneId)
          .containsExactly("between-" + run, "after-" + run);
      assertThat(statuses).isEmpty();
      events.close();
      assertThat(events.alive()).isFalse();
    }
  }

  @Test
  void aRecordWhoseHandlingFailsIsTriedThreeTimesThenSetAsideAndFollowingGoesOn() throws Exception {
    String run = UUID.randomUUID().toString();
    List<String> attempts = new CopyOnWriteArrayList<>();
    DispatcherEventsConsumer.Sink sink =
        new DispatcherEventsConsumer.Sink() {
          @Override
          public void fleetEvent(FleetEvent event) {
            attempts.add(event.droneId());
            if (event.droneId().equals("fails-" + run)) {
              throw new IllegalStateException("the sink refuses " + event.droneId());
            }
          }

          @Override
          public void statusChanged(DeliveryStatusChanged event) {}
        };
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (DispatcherEventsConsumer events = new DispatcherEventsConsumer(bootstrap, metrics)) {
      events.seekToEnd(Duration.ofSeconds(30));
      events.start(sink);
      sendFleet("fails-" + run);
      sendFleet("after-" + run);
      await().atMost(Duration.ofSeconds(30)).until(() -> attempts.contains("after-" + run));
      assertThat(attempts)
          .containsExactly("fails-" + run, "fails-" + run, "fails-" + run, "after-" + run);
      assertThat(metrics.counter("simulator.dead.letters", "topic", "fleet.events").count())
          .isEqualTo(1.0);
      assertThat(events.alive()).isTrue();
    }
    ConsumerRecord<String, String> letter =
        TopicRecords.read(
                bootstrap,
                Topics.deadLetters(Topics.FLEET_EVENTS.name()),
                r -> r.value().contains("fails-" + run),
                1)
            .get(0);
    // the bytes as they were read
    FleetEvent decoded =
        Topics.FLEET_EVENTS
            .valueSerde()
            .deserializer()
            .deserialize("", letter.value().getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.droneId()).isEqualTo("fails-" + run);
    assertThat(decoded.to()).isEqualTo(DroneStatus.IDLE);
    assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE))
        .isEqualTo("the sink refuses fails-" + run);
  }

  private void sendFleet(String droneId) throws Exception {
    // one key, so one partition: the order of the three events is kept
    FleetEvent e =
        new FleetEvent(droneId, DroneStatus.INACTIVE, DroneStatus.IDLE, "ready", Instant.now());
    producer
        .send(
            new ProducerRecord<>(
                Topics.FLEET_EVENTS.name(),
                "one-key".getBytes(StandardCharsets.UTF_8),
                Topics.FLEET_EVENTS.valueSerde().serializer().serialize("", e)))
        .get();
  }

  private RecordMetadata send(String topic, String key, String value) throws Exception {
    return producer
        .send(
            new ProducerRecord<>(
                topic,
                key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)))
        .get();
  }

  private static void assertSource(
      ConsumerRecord<String, String> letter, String topic, RecordMetadata source) {
    assertThat(letter.topic()).isEqualTo(Topics.deadLetters(topic));
    assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
    assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION))
        .isEqualTo(Integer.toString(source.partition()));
    assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo(Long.toString(source.offset()));
  }

  private static ConsumerRecord<String, String> only(
      List<ConsumerRecord<String, String>> letters, String key) {
    List<ConsumerRecord<String, String>> matching =
        letters.stream().filter(r -> r.key().equals(key)).toList();
    assertThat(matching).as("dead letters keyed %s", key).hasSize(1);
    return matching.get(0);
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    String value = TopicRecords.header(r, name);
    assertThat(value).as("header %s", name).isNotNull();
    return value;
  }
}
