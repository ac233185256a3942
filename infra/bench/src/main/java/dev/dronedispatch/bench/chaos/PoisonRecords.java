package dev.dronedispatch.bench.chaos;

import dev.dronedispatch.model.topics.DeadLetterHeaders;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ops.replay.ReplayQuery;
import dev.dronedispatch.ops.replay.TopicReplay;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records no consumer can use, written to every input topic while the run goes on: text that is not
 * JSON and JSON of the wrong shape. Every consumer must set each one aside in {@code <topic>.dlq},
 * naming the topic it came from, and carry on — which the rest of the run checks.
 */
final class PoisonRecords {

  /** A poison record as written: its topic and key. */
  record Written(String topic, String key) {}

  private static final List<byte[]> VALUES =
      List.of(
          "chaos: not json {".getBytes(StandardCharsets.UTF_8),
          "[\"chaos\", \"wrong shape\"]".getBytes(StandardCharsets.UTF_8));

  private PoisonRecords() {}

  /** Writes them with {@code client}: the brokers and an identity that may write every input. */
  static List<Written> write(Map<String, Object> client) throws InterruptedException {
    List<Written> written = new ArrayList<>();
    Map<String, Object> props = new HashMap<>(client);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (String topic : inputTopics()) {
        for (int i = 0; i < VALUES.size(); i++) {
          String key = "chaos-poison-" + i + "-" + Instant.now().toEpochMilli();
          producer.send(new ProducerRecord<>(topic, key, VALUES.get(i))).get();
          written.add(new Written(topic, key));
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write the poison records", e.getCause());
    }
    return written;
  }

  /** The poison records no dead-letter topic holds, read back from the start of the run. */
  static List<Written> withoutDeadLetter(
      Map<String, Object> client, List<Written> written, Instant since) {
    Set<Written> setAside = new HashSet<>();
    TopicReplay replay = new TopicReplay(client);
    for (String topic : inputTopics()) {
      replay.replay(
          ReplayQuery.window(Topics.deadLetters(topic), Optional.of(since), Optional.empty()),
          r -> setAside.add(new Written(r.headers().get(DeadLetterHeaders.SOURCE_TOPIC), r.key())));
    }
    return written.stream().filter(w -> !setAside.contains(w)).toList();
  }

  private static List<String> inputTopics() {
    return Topics.ALL.stream().map(t -> t.name()).toList();
  }
}
