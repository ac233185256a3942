package dev.dronedispatch.dashboard.browser;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topic;
import dev.dronedispatch.model.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Frame-time harness on live data (not a test; Surefire runs it only when named): the real broker,
 * KV cluster and gateway process, {@code harness.drones} drones registered in the KV, each
 * reporting telemetry about once a second (random walk) for the whole run, and the dashboard in
 * headless Chromium with {@code ?perf}. Prints the page's frame intervals, draw times and the
 * main-thread time spent parsing and applying the stream.
 *
 * <pre>
 * mvn -o verify -pl dashboard-ui/browser-test -Dtest=LiveLoadHarness -Dharness.drones=5000
 * </pre>
 */
@ExtendWith(RealKafkaExtension.class)
class LiveLoadHarness {

  @Test
  void measure(KafkaCluster kafka, @TempDir Path dir) throws Exception {
    int drones = Integer.getInteger("harness.drones", 5000);
    int seconds = Integer.getInteger("harness.seconds", 20);
    double perDronePerSecond = Double.parseDouble(System.getProperty("harness.rate", "1"));
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    Path work = Path.of(System.getProperty("work.dir", "target/work"));
    try (LocalKvCluster kvCluster = LocalKvCluster.start(dir.resolve("kv"));
        GatewayUnderTest gateway =
            GatewayUnderTest.start(
                kvCluster, kafka.bootstrapServers(), work.resolve("harness-gateway.log"));
        KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      KvClient kv = kvCluster.newClient();
      List<DroneDocument> fleet = register(kv, drones);
      kv.close();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong sent = new AtomicLong();
      Thread publisher =
          new Thread(() -> publish(producer, fleet, perDronePerSecond, running, sent), "telemetry");
      publisher.start();
      long t0 = System.nanoTime();
      try {
        String figures =
            runPage(gateway.baseUrl(), (int) (drones * 0.95), seconds, work.resolve("live.png"));
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "LiveLoadHarness: %d drones, %.0f telemetry/s published, page figures %s%n",
            drones, sent.get() / elapsed, figures);
      } finally {
        running.set(false);
        publisher.join(10_000);
      }
    }
  }

  private static List<DroneDocument> register(KvClient kv, int n) {
    KvDocuments docs = new KvDocuments(kv, Json.mapper());
    SplittableRandom rnd = new SplittableRandom(11);
    List<DroneDocument> fleet = new ArrayList<>();
    WeightClass[] classes = WeightClass.values();
    DroneStatus[] statuses = {DroneStatus.IDLE, DroneStatus.BUSY, DroneStatus.CHARGING};
    for (int i = 1; i <= n; i++) {
      GeoPoint p = new GeoPoint(41.8 + rnd.nextDouble() * 0.18, 12.37 + rnd.nextDouble() * 0.23);
      fleet.add(
          new DroneDocument(
              "drone-" + i,
              classes[i % 3],
              statuses[rnd.nextInt(statuses.length)],
              50 + rnd.nextDouble() * 50,
              p,
              60.0,
              null,
              0,
              List.of(),
              false));
    }
    Flux.fromIterable(fleet)
        .flatMap(d -> docs.create(KvKeys.drone(d.id()), d), 32)
        .blockLast(Duration.ofMinutes(5));
    return fleet;
  }

  private static void publish(
      KafkaProducer<byte[], byte[]> producer,
      List<DroneDocument> fleet,
      double perDronePerSecond,
      AtomicBoolean running,
      AtomicLong sent) {
    Topic<String, DroneTelemetry> topic = Topics.DRONES_TELEMETRY;
    SplittableRandom rnd = new SplittableRandom(5);
    double[] lat = fleet.stream().mapToDouble(d -> d.pos().lat()).toArray();
    double[] lon = fleet.stream().mapToDouble(d -> d.pos().lon()).toArray();
    long seq = 0;
    int cursor = 0;
    long tickNanos = 100_000_000L;
    long next = System.nanoTime();
    while (running.get()) {
      int batch = (int) Math.max(1, fleet.size() * perDronePerSecond / 10);
      for (int k = 0; k < batch; k++) {
        int i = cursor;
        cursor = (cursor + 1) % fleet.size();
        lat[i] = Math.max(41.8, Math.min(41.98, lat[i] + (rnd.nextDouble() - 0.5) * 0.002));
        lon[i] = Math.max(12.37, Math.min(12.6, lon[i] + (rnd.nextDouble() - 0.5) * 0.002));
        DroneDocument d = fleet.get(i);
        DroneTelemetry t =
            new DroneTelemetry(
                d.id(),
                d.type(),
                d.status(),
                new GeoPoint(lat[i], lon[i]),
                d.battery(),
                false,
                null,
                null,
                60.0,
                ++seq,
                Instant.now());
        producer.send(
            new ProducerRecord<>(
                topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), d.id()),
                topic.valueSerde().serializer().serialize(topic.name(), t)));
        sent.incrementAndGet();
      }
      next += tickNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
    }
    producer.flush();
  }

  private static String runPage(String baseUrl, int expect, int seconds, Path shot)
      throws IOException, InterruptedException {
    Files.createDirectories(shot.getParent());
    Path script = Path.of(System.getProperty("browser.script")).resolveSibling("live-frames.cjs");
    ProcessBuilder pb =
        new ProcessBuilder(
                System.getProperty("node.executable", "node"),
                script.toString(),
                baseUrl,
                String.valueOf(expect),
                String.valueOf(seconds),
                shot.toString(),
                System.getProperty("chromium.path", "/usr/bin/chromium"))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment()
        .put("NODE_PATH", Path.of(System.getProperty("playwright.dir"), "node_modules").toString());
    Process p = pb.start();
    String result = "no figures";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("FIGURES ") || line.startsWith("FAIL ")) {
          result = line;
        }
      }
    }
    p.waitFor();
    return result;
  }

  private static KafkaProducer<byte[], byte[]> producer(KafkaCluster kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "1",
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
