package dev.dronedispatch.dispatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topic;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** What the dispatch integration tests do to the broker and the KV: publish, wait, read back. */
final class ItSupport {

  private ItSupport() {}

  /** What the gateway does: the pending document first, then the event. */
  static void publish(KvDocuments docs, String bootstrap, List<DeliveryRequested> batch) {
    // a create whose answer was lost (KV 503 "outcome unknown") is retried; already there is fine
    List<Boolean> created =
        reactor.core.publisher.Flux.fromIterable(batch)
            .flatMap(
                r ->
                    docs.create(KvKeys.delivery(r.id()), DeliveryDocument.pending(r))
                        .retryWhen(reactor.util.retry.Retry.backoff(5, Duration.ofMillis(100)))
                        .map(
                            res ->
                                res.ok()
                                    || res
                                        instanceof dev.dronedispatch.kv.client.CasResult.Conflict),
                8)
            .collectList()
            .block(Duration.ofSeconds(120));
    assertThat(created).hasSize(batch.size()).containsOnly(true);
    republish(bootstrap, batch);
  }

  static void republish(String bootstrap, List<DeliveryRequested> batch) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    Topic<String, DeliveryRequested> t = Topics.DELIVERIES_REQUESTED;
    try (KafkaProducer<String, DeliveryRequested> producer =
        new KafkaProducer<>(p, t.keySerde().serializer(), t.valueSerde().serializer())) {
      batch.forEach(r -> producer.send(new ProducerRecord<>(t.name(), r.id(), r)));
    }
  }

  static void await(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Every committed record of a topic, from the beginning, in partition order. */
  static <V> List<V> readCommitted(String bootstrap, Topic<String, V> topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, V> c =
        new KafkaConsumer<>(
            p, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic.name()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<V> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, V> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic.name() + " to its end");
        }
      }
      return out;
    }
  }
}
