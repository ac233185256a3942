package dev.dronedispatch.dispatch.it;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.topology.DispatchTopology;
import dev.dronedispatch.kafka.EmbeddedKafkaBroker;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import reactor.core.publisher.Flux;

/**
 * Topology throughput with the real KV service: one dispatch instance (exactly-once, real broker,
 * 3 KV nodes + coordinator over HTTP), N idle drones, N deliveries published at once; prints
 * committed assignments per second and request→assigned latency percentiles. Not a test: run it
 * with {@code -Pjmh} (see the module README). Arguments: [drones] (default 1000).
 */
public final class AssignmentThroughputHarness {

  private AssignmentThroughputHarness() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path dir = Files.createTempDirectory("dispatch-throughput");
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
        LocalKvCluster kvCluster = LocalKvCluster.start(dir.resolve("kv"));
        KvClient kv = kvCluster.newClient()) {
      kafka.createTopics(Topics.names(), 6);
      String bootstrap = kafka.bootstrapServers();
      KvDocuments docs = new KvDocuments(kv, Json.mapper());
      Random rnd = new Random(5);
      List<DroneDocument> drones = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        drones.add(
            DroneDocument.registered("drone-" + i, WeightClass.values()[i % 3], point(rnd), 50)
                .withStatus(DroneStatus.IDLE));
      }
      create(docs, drones.stream().map(d -> Map.entry(KvKeys.drone(d.id()), (Object) d)).toList());
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      var t = Topics.DRONES_TELEMETRY;
      try (KafkaProducer<String, DroneTelemetry> producer =
          new KafkaProducer<>(p, t.keySerde().serializer(), t.valueSerde().serializer())) {
        for (DroneDocument d : drones) {
          producer.send(
              new ProducerRecord<>(
                  t.name(),
                  d.id(),
                  new DroneTelemetry(
                      d.id(), d.type(), d.status(), d.pos(), 100, false, null, null, 50, 1,
                      Instant.now())));
        }
      }
      DispatchConfig config =
          DispatchConfig.defaults()
              .with(Map.of("AUTOSCALE_DISABLED", "1", "MAX_PICKUP_KM", "60", "ASSIGNER_TICK_MS", "100"));
      try (DispatchInstance instance =
          new DispatchInstance(
              "bench", "dispatch-bench-" + UUID.randomUUID(), bootstrap, kvCluster,
              dir.resolve("state"), config)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!instance.running() || fleetSize(instance) < n) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the instance did not load the fleet");
          }
          Thread.sleep(100);
        }
        List<DeliveryRequested> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          requests.add(
              new DeliveryRequested(
                  "bench-" + i, point(rnd), point(rnd), 1, WeightClass.values()[i % 3], null, null,
                  Instant.now()));
        }
        create(
            docs,
            requests.stream()
                .map(r -> Map.entry(KvKeys.delivery(r.id()), (Object) DeliveryDocument.pending(r)))
                .toList());
        var rq = Topics.DELIVERIES_REQUESTED;
        long t0 = System.nanoTime();
        try (KafkaProducer<String, DeliveryRequested> producer =
            new KafkaProducer<>(p, rq.keySerde().serializer(), rq.valueSerde().serializer())) {
          for (DeliveryRequested r : requests) {
            producer.send(
                new ProducerRecord<>(
                    rq.name(),
                    r.id(),
                    new DeliveryRequested(
                        r.id(), r.origin(), r.destination(), r.weight(), r.weightClass(), null, null,
                        Instant.now())));
          }
        }
        long[] lastAssignedNanos = {t0};
        List<Long> latenciesMs = awaitAssigned(bootstrap, n, lastAssignedNanos);
        double seconds = (lastAssignedNanos[0] - t0) / 1e9;
        Collections.sort(latenciesMs);
        System.out.printf(
            "drones=%d deliveries=%d assigned=%d in %.1f s: %.0f assignments/s; request->assigned"
                + " p50 %d ms, p95 %d ms, p99 %d ms%n",
            n,
            n,
            latenciesMs.size(),
            seconds,
            latenciesMs.size() / seconds,
            pct(latenciesMs, 0.50),
            pct(latenciesMs, 0.95),
            pct(latenciesMs, 0.99));
        var commit = instance.registry.get("dispatch.commit").timer();
        var pairs = instance.registry.get("dispatch.commit.pairs").summary();
        System.out.printf(
            "batched commits=%d mean %.1f ms max %.1f ms; pairs per commit mean %.1f max %.0f%n",
            commit.count(),
            commit.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
            commit.max(java.util.concurrent.TimeUnit.MILLISECONDS),
            pairs.mean(),
            pairs.max());
        instance
            .registry
            .find("dispatch.commit.results")
            .counters()
            .forEach(
                c -> System.out.printf("commit %s: %.0f%n", c.getId().getTag("result"), c.count()));
      }
    }
  }

  private static long fleetSize(DispatchInstance instance) {
    try {
      return instance
          .streams
          .store(
              StoreQueryParameters.fromNameAndType(
                  DispatchTopology.FLEET_STORE, QueryableStoreTypes.keyValueStore()))
          .approximateNumEntries();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static void create(KvDocuments docs, List<Map.Entry<String, Object>> entries) {
    Flux.fromIterable(entries)
        .flatMap(
            e ->
                docs.create(e.getKey(), e.getValue())
                    .retryWhen(reactor.util.retry.Retry.backoff(5, Duration.ofMillis(100)))
                    .filter(r -> r.ok() || r instanceof CasResult.Conflict),
            16)
        .collectList()
        .block(Duration.ofSeconds(300));
  }

  /**
   * Reads assigned events until all n arrived or none came for 15 s (the last deliveries of a class
   * may have no feasible drone left); records when the last one was read.
   */
  private static List<Long> awaitAssigned(String bootstrap, int n, long[] lastAssignedNanos) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    var topic = Topics.DELIVERIES_STATUS;
    List<Long> latencies = new ArrayList<>();
    try (KafkaConsumer<String, DeliveryStatusChanged> c =
        new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic.name()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long quiet = Duration.ofSeconds(15).toNanos();
      while (latencies.size() < n && System.nanoTime() - lastAssignedNanos[0] < quiet) {
        for (ConsumerRecord<String, DeliveryStatusChanged> r : c.poll(Duration.ofMillis(200))) {
          DeliveryStatusChanged e = r.value();
          if (e != null && e.status() == DeliveryStatus.ASSIGNED && e.requestedAt() != null) {
            latencies.add(Duration.between(e.requestedAt(), e.ts()).toMillis());
            lastAssignedNanos[0] = System.nanoTime();
          }
        }
      }
    }
    return latencies;
  }

  private static long pct(List<Long> sorted, double q) {
    return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, q * sorted.size()));
  }

  private static GeoPoint point(Random rnd) {
    return new GeoPoint(41.80 + rnd.nextDouble() * 0.18, 12.37 + rnd.nextDouble() * 0.23);
  }
}
