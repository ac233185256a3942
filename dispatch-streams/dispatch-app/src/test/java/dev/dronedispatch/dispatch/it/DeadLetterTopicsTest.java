package dev.dronedispatch.dispatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.kafka.EmbeddedKafkaBroker;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.DeadLetterHeaders;
import dev.dronedispatch.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Poison records on the dispatcher's inputs, on the real broker and KV: bytes that are not JSON on
 * {@code deliveries.requested} and {@code drones.telemetry}, and a request that decodes but names
 * no delivery. Each must land, byte for byte, in its topic's {@code .dlq} with headers naming the
 * error and its source, while a good delivery sent after them is still assigned and delivered.
 *
 * <p>Its own broker: the garbage would reach other tests' consumers on the shared one.
 */
class DeadLetterTopicsTest {

  private static final GeoPoint HOME = new GeoPoint(41.90, 12.49);

  private static Path dir;
  private static EmbeddedKafkaBroker kafka;
  private static LocalKvCluster kvCluster;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("dispatch-dlq");
    kafka = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
    kafka.createTopics(Topics.names(), 2);
    kvCluster = LocalKvCluster.start(dir.resolve("kv"));
  }

  @AfterAll
  static void stop() {
    if (kvCluster != null) {
      kvCluster.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void recordsThatCannotBeDecodedOrProcessedGoToTheirDeadLetterTopicAndTheRestGoesOn()
      throws Exception {
    String bootstrap = kafka.bootstrapServers();
    DispatchConfig config =
        DispatchConfig.defaults()
            .with(Map.of("ASSIGNER_TICK_MS", "100", "AUTOSCALE_DISABLED", "1"));
    try (KvClient kv = kvCluster.newClient();
        StatusWatcher watcher = new StatusWatcher(bootstrap);
        DispatchInstance dispatch =
            new DispatchInstance("a", "dlq-it", bootstrap, kvCluster, dir.resolve("a"), config)) {
      ItSupport.await("dispatcher running", dispatch::running, Duration.ofSeconds(60));
      KvDocuments docs = new KvDocuments(kv, Json.mapper());

      sendRaw(bootstrap, Topics.DELIVERIES_REQUESTED.name(), "junk-1", "not json at all");
      sendRaw(bootstrap, Topics.DELIVERIES_REQUESTED.name(), "junk-2", "{\"weight\": 2.0}");
      sendRaw(bootstrap, Topics.DRONES_TELEMETRY.name(), "drone-x", "{\"drone_id\": ");

      DroneDocument drone =
          DroneDocument.registered("drone-1", WeightClass.LIGHT, HOME, 60)
              .withStatus(DroneStatus.IDLE);
      assertThat(docs.create(KvKeys.drone("drone-1"), drone).block(Duration.ofSeconds(5)).ok())
          .isTrue();
      DeliveryRequested good =
          new DeliveryRequested(
              "good-1",
              new GeoPoint(HOME.lat() + 0.002, HOME.lon()),
              new GeoPoint(HOME.lat(), HOME.lon() + 0.004),
              1.0,
              WeightClass.LIGHT,
              null,
              null,
              Instant.now());
      try (TestFleet fleet = new TestFleet(kv, bootstrap, Map.of("drone-1", HOME))) {
        fleet.start(Duration.ofMillis(50));
        ItSupport.publish(docs, bootstrap, List.of(good));
        ItSupport.await(
            "the good delivery delivered", () -> watcher.delivered() >= 1, Duration.ofSeconds(60));
      }

      List<ConsumerRecord<byte[], byte[]>> requests =
          readAll(bootstrap, Topics.deadLetters(Topics.DELIVERIES_REQUESTED.name()), 2);
      assertThat(requests)
          .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
          .containsExactlyInAnyOrder("junk-1", "junk-2");
      for (ConsumerRecord<byte[], byte[]> r : requests) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        assertThat(text(r.value()))
            .isEqualTo(key.equals("junk-1") ? "not json at all" : "{\"weight\": 2.0}");
        assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("deliveries.requested");
        assertThat(header(r, DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
        assertThat(header(r, DeadLetterHeaders.ERROR_CLASS)).isNotBlank();
      }
      assertThat(
              requests.stream()
                  .filter(r -> text(r.key()).equals("junk-2"))
                  .map(r -> header(r, DeadLetterHeaders.ERROR_CLASS)))
          .containsExactly("dev.dronedispatch.dispatch.topology.MalformedRequestException");

      List<ConsumerRecord<byte[], byte[]>> telemetry =
          readAll(bootstrap, Topics.deadLetters(Topics.DRONES_TELEMETRY.name()), 1);
      assertThat(text(telemetry.get(0).value())).isEqualTo("{\"drone_id\": ");
      assertThat(header(telemetry.get(0), DeadLetterHeaders.SOURCE_TOPIC))
          .isEqualTo("drones.telemetry");
      assertThat(
              dispatch
                  .registry
                  .counter("dispatch.dead.letters", "topic", "deliveries.requested")
                  .count())
          .isEqualTo(2.0);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return text(r.headers().lastHeader(name).value());
  }

  private static void sendRaw(String bootstrap, String topic, String key, String value)
      throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  key.getBytes(StandardCharsets.UTF_8),
                  value.getBytes(StandardCharsets.UTF_8)))
          .get();
    }
  }

  /** Reads {@code topic} from its beginning until it holds {@code expected} records. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrap, String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      assertThat(out).as("records in %s", topic).hasSize(expected);
      return out;
    }
  }
}
