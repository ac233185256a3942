package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dronedispatch.kafka.BrokerSecurity;
import dev.dronedispatch.kafka.EmbeddedKafkaBroker;
import dev.dronedispatch.kafka.KafkaUsers;
import dev.dronedispatch.model.kafka.KafkaIdentity;
import dev.dronedispatch.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' Kafka identities on a real broker with SASL/SCRAM and the standard authorizer: each
 * may do what its code does and is refused the rest; an unknown password gets no connection.
 */
class KafkaGrantsBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, String> PASSWORDS = new LinkedHashMap<>();
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void start(@TempDir Path dir) {
    broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedKafkaBroker.Settings(dir, 0, 0, 2)
                .withSecurity(new BrokerSecurity("admin", LocalCredentials.newSecret())));
    broker.createTopics(Topics.names(), 2);
    KafkaGrants.USERS.forEach(u -> PASSWORDS.put(u, LocalCredentials.newSecret()));
    KafkaUsers.apply(broker.clientProperties(), PASSWORDS, KafkaGrants.all("dispatch"));
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void theGatewayWritesRequestsButNotTelemetry() throws Exception {
    try (KafkaProducer<String, String> gateway = producer(KafkaGrants.GATEWAY)) {
      send(gateway, Topics.DELIVERIES_REQUESTED.name());
      assertThatThrownBy(() -> send(gateway, Topics.DRONES_TELEMETRY.name()))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    assertThatCode(() -> read(KafkaGrants.GATEWAY, Topics.DELIVERIES_STATUS.name()))
        .doesNotThrowAnyException();
  }

  @Test
  void theSimulatorWritesTelemetryButNotRequests() throws Exception {
    try (KafkaProducer<String, String> simulator = producer(KafkaGrants.SIMULATOR)) {
      send(simulator, Topics.DRONES_TELEMETRY.name());
      assertThatThrownBy(() -> send(simulator, Topics.DELIVERIES_REQUESTED.name()))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    assertThatCode(() -> read(KafkaGrants.SIMULATOR, Topics.FLEET_EVENTS.name()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> read(KafkaGrants.SIMULATOR, Topics.DELIVERIES_REQUESTED.name()))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void theOperatorToolsReadEverythingAndWriteNothing() throws Exception {
    try (KafkaProducer<String, String> gateway = producer(KafkaGrants.GATEWAY)) {
      send(gateway, Topics.DELIVERIES_REQUESTED.name());
    }
    assertThat(read(KafkaGrants.READER, Topics.DELIVERIES_REQUESTED.name())).isNotEmpty();
    try (KafkaProducer<String, String> ops = producer(KafkaGrants.READER)) {
      // refused before any topic: its producer may not even begin an idempotent session
      assertThatThrownBy(() -> send(ops, Topics.DELIVERIES_STATUS.name()))
          .hasCauseInstanceOf(ClusterAuthorizationException.class);
    }
  }

  @Test
  void anUnknownPasswordOrUserIsNotLetIn() {
    for (KafkaIdentity stranger :
        List.of(
            new KafkaIdentity.Scram(KafkaGrants.GATEWAY, "not-its-password"),
            new KafkaIdentity.Scram("intruder", "guess"))) {
      Map<String, Object> props = new HashMap<>(stranger.clientProperties());
      props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      try (Admin admin = Admin.create(props)) {
        assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
    }
  }

  /** An exactly-once Streams app as the dispatcher: group, transactions, internal topics. */
  @Test
  void theDispatcherRunsExactlyOnceWithItsStateAndWritesStatus(@TempDir Path state)
      throws Exception {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            Topics.DELIVERIES_REQUESTED.name(), Consumed.with(Serdes.String(), Serdes.String()))
        .groupByKey()
        .count()
        .toStream()
        .mapValues(Object::toString)
        .to(Topics.DELIVERIES_STATUS.name(), Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.putAll(client(KafkaGrants.DISPATCH));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dispatch");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    try (KafkaProducer<String, String> gateway = producer(KafkaGrants.GATEWAY);
        KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      streams.start();
      String key = send(gateway, Topics.DELIVERIES_REQUESTED.name());
      long deadline = System.nanoTime() + WAIT.toNanos();
      List<ConsumerRecord<String, String>> status = List.of();
      while (System.nanoTime() < deadline && status.stream().noneMatch(r -> r.key().equals(key))) {
        status = read(KafkaGrants.READER, Topics.DELIVERIES_STATUS.name());
      }
      assertThat(status).extracting(ConsumerRecord::key).contains(key);
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  /** The dispatcher creates its backlog board itself; nobody else may. */
  @Test
  void onlyTheDispatcherCreatesItsBacklogBoard() throws Exception {
    NewTopic board = new NewTopic(Topics.DISPATCH_BACKLOG, 1, (short) 1);
    try (Admin gateway = Admin.create(client(KafkaGrants.GATEWAY))) {
      assertThatThrownBy(() -> gateway.createTopics(List.of(board)).all().get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    try (Admin dispatch = Admin.create(client(KafkaGrants.DISPATCH))) {
      dispatch.createTopics(List.of(board)).all().get();
      // The broker's metadata cache learns of a created topic a moment after the controller does.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(dispatch.listTopics().names().get())
                      .contains(Topics.DISPATCH_BACKLOG));
    }
  }

  private static Map<String, Object> client(String user) {
    Map<String, Object> props =
        new HashMap<>(new KafkaIdentity.Scram(user, PASSWORDS.get(user)).clientProperties());
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return props;
  }

  private static KafkaProducer<String, String> producer(String user) {
    Map<String, Object> props = client(user);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  /** Sends one record and waits for the broker's answer; returns its key. */
  private static String send(KafkaProducer<String, String> producer, String topic)
      throws ExecutionException, InterruptedException {
    String key = "k-" + System.nanoTime();
    try {
      producer.send(new ProducerRecord<>(topic, key, "v")).get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer from the broker", e);
    }
    return key;
  }

  /** Every committed record of {@code topic} as {@code user} sees it (group-less, assigned). */
  private static List<ConsumerRecord<String, String>> read(String user, String topic) {
    Map<String, Object> props = client(user);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WAIT);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, WAIT) < ends.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}
