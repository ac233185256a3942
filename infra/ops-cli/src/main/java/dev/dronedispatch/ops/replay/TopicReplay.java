package dev.dronedispatch.ops.replay;

import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kafka.KafkaIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import tools.jackson.core.JacksonException;

/**
 * Re-reads a topic without joining a consumer group (manual assignment, nothing committed), so
 * replaying never disturbs the running system.
 */
public final class TopicReplay {

  private final Map<String, Object> client;

  /** Reading from {@code bootstrapServers} as this process's {@link KafkaIdentity}. */
  public TopicReplay(String bootstrapServers) {
    this(withBootstrap(KafkaIdentity.current().clientProperties(), bootstrapServers));
  }

  /** Reading with {@code client}: the brokers and the identity to connect as. */
  public TopicReplay(Map<String, Object> client) {
    this.client = Map.copyOf(client);
  }

  private static Map<String, Object> withBootstrap(
      Map<String, Object> identity, String bootstrapServers) {
    Map<String, Object> client = new HashMap<>(identity);
    client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return client;
  }

  /** Feeds every matching record to {@code sink} in per-partition order; answers how many. */
  public long replay(ReplayQuery query, Consumer<ReplayedRecord> sink) {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, query);
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      seek(consumer, query, partitions);
      Map<TopicPartition, Long> remaining = new HashMap<>();
      for (TopicPartition tp : partitions) {
        long pending = end.get(tp) - consumer.position(tp);
        if (pending > 0) {
          remaining.put(tp, end.get(tp));
        }
      }
      long delivered = 0;
      while (!remaining.isEmpty() && delivered < query.max()) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          Long stop = remaining.get(tp);
          if (stop == null || r.offset() >= stop) {
            continue;
          }
          Instant ts = Instant.ofEpochMilli(r.timestamp());
          if (query.to().isPresent() && !ts.isBefore(query.to().get())) {
            remaining.remove(tp);
            continue;
          }
          if (query.key().isPresent() && !query.key().get().equals(r.key())) {
            continue;
          }
          sink.accept(
              new ReplayedRecord(
                  r.topic(), r.partition(), r.offset(), ts, r.key(), r.value(), headers(r)));
          if (++delivered >= query.max()) {
            break;
          }
        }
        // positions, not record offsets: transaction markers and aborted records take offsets too
        remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      }
      return delivered;
    }
  }

  /** How many records a typed replay fed to its sink, and how many it skipped as unreadable. */
  public record Count(long read, long unreadable) {}

  /**
   * Feeds every matching record's value, read as JSON of {@code type}, to {@code sink}; a value
   * that is not such JSON is skipped and counted, so one bad record does not end the replay.
   */
  public <T> Count replayValues(ReplayQuery query, Class<T> type, Consumer<T> sink) {
    long[] unreadable = {0};
    long read =
        replay(
            query,
            r -> {
              try {
                sink.accept(Json.mapper().readValue(r.value(), type));
              } catch (JacksonException e) {
                unreadable[0]++;
              }
            });
    return new Count(read - unreadable[0], unreadable[0]);
  }

  /** Collects the matching records (for tests and small replays). */
  public List<ReplayedRecord> collect(ReplayQuery query) {
    List<ReplayedRecord> out = new ArrayList<>();
    replay(query, out::add);
    return out;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, String> consumer, ReplayQuery query) {
    List<PartitionInfo> infos = consumer.partitionsFor(query.topic(), Duration.ofSeconds(10));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("no such topic: " + query.topic());
    }
    if (query.partition().isPresent()) {
      return List.of(new TopicPartition(query.topic(), query.partition().get()));
    }
    if (query.key().isPresent()) {
      // the default partitioner's choice for a keyed record
      byte[] bytes = query.key().get().getBytes(StandardCharsets.UTF_8);
      int p = Utils.toPositive(Utils.murmur2(bytes)) % infos.size();
      return List.of(new TopicPartition(query.topic(), p));
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  private static void seek(
      KafkaConsumer<String, String> consumer, ReplayQuery query, List<TopicPartition> partitions) {
    if (query.fromOffset().isPresent()) {
      partitions.forEach(tp -> consumer.seek(tp, query.fromOffset().get()));
      return;
    }
    if (query.from().isEmpty()) {
      consumer.seekToBeginning(partitions);
      return;
    }
    Map<TopicPartition, Long> byTime = new HashMap<>();
    partitions.forEach(tp -> byTime.put(tp, query.from().get().toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(byTime);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      consumer.seek(tp, at == null ? end.get(tp) : at.offset());
    }
  }

  /** The record's headers as text (the last value of each name). */
  private static Map<String, String> headers(ConsumerRecord<String, String> r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Header h : r.headers()) {
      out.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private KafkaConsumer<String, String> consumer() {
    Map<String, Object> props = new HashMap<>(client);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }
}
