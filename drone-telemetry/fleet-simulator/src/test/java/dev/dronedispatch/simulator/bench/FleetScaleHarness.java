package dev.dronedispatch.simulator.bench;

import dev.dronedispatch.kafka.KafkaBrokerMain;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import dev.dronedispatch.simulator.runtime.FleetSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Flux;

/**
 * Scale harness (not a test): N drones on the simulator's single tick thread at 1 Hz, with a real
 * Kafka broker and the real KV cluster each in a child JVM so this JVM's CPU is the simulator's. A
 * fraction of the fleet is put on long delivery missions (as the dispatcher would: delivery
 * document in the KV, {@code assigned} status and {@code idle→busy} fleet event on Kafka), so those
 * drones move and are merged into the KV every interval. Prints telemetry/s, CPU and tick duration
 * over a measurement window.
 *
 * <p>Arguments (all optional, {@code key=value}): {@code drones=10000 busy=0.3 seconds=60 warmup=15
 * tick=1.0 kv=5 accel=10}.
 */
public final class FleetScaleHarness {

  private FleetScaleHarness() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    int drones = Integer.parseInt(a.getOrDefault("drones", "10000"));
    double busy = Double.parseDouble(a.getOrDefault("busy", "0.3"));
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "15"));
    String tick = a.getOrDefault("tick", "1.0");
    String kvInterval = a.getOrDefault("kv", "5");
    String accel = a.getOrDefault("accel", "10");

    Path dir = Files.createTempDirectory("fleet-scale");
    Path log = dir.resolve("children.log");
    int kafkaPort = freePort();
    int controllerPort = freePort();
    try (ChildProcess broker =
            ChildProcess.start(
                KafkaBrokerMain.class.getName(),
                List.of(
                    "--data-dir", dir.resolve("kafka").toString(),
                    "--port", String.valueOf(kafkaPort),
                    "--controller-port", String.valueOf(controllerPort),
                    "--topics", String.join(",", Topics.names())),
                log,
                "Kafka broker ready");
        ChildProcess kvProcess =
            ChildProcess.start(
                KvClusterProcess.class.getName(),
                List.of(dir.resolve("kv").toString()),
                log,
                "KV_URL=")) {
      broker.awaitReady(Duration.ofSeconds(90));
      String[] kvReady =
          kvProcess.awaitReady(Duration.ofSeconds(90)).substring("KV_URL=".length()).split(" ");
      String kvUrl = kvReady[0];
      KvClientSettings kvSettings = KvClientSettings.defaults().withAuthToken(kvReady[1]);
      String bootstrap = "127.0.0.1:" + kafkaPort;
      System.out.printf(
          "broker %s (pid %d), KV %s (pid %d)%n", bootstrap, broker.pid(), kvUrl, kvProcess.pid());

      SimulatorConfig config =
          SimulatorConfig.fromEnv(
              Map.of(
                  "DRONE_POOL_MAX", String.valueOf(drones),
                  "DRONE_TICK_SEC", tick,
                  "KV_WRITE_INTERVAL_SEC", kvInterval,
                  "TIME_ACCELERATION", accel,
                  "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                  "KV_URL", kvUrl));
      SimpleMeterRegistry metrics = new SimpleMeterRegistry();
      try (KvClient kv = HttpKvClient.create(kvUrl, kvSettings)) {
        long t0 = System.nanoTime();
        try (FleetSimulator sim = FleetSimulator.start(config, kv, metrics)) {
          double registerSec = (System.nanoTime() - t0) / 1e9;
          System.out.printf(Locale.ROOT, "registered %d drones in %.1f s%n", drones, registerSec);
          int moving = (int) Math.round(drones * busy);
          long s0 = System.nanoTime();
          assignMissions(kv, bootstrap, moving, sim.zones());
          System.out.printf(
              Locale.ROOT,
              "assigned %d missions in %.1f s; warming up %d s%n",
              moving,
              (System.nanoTime() - s0) / 1e9,
              warmup);
          Thread.sleep(warmup * 1000L);

          Snapshot start = Snapshot.take(metrics, broker, kvProcess);
          Thread.sleep(seconds * 1000L);
          Snapshot end = Snapshot.take(metrics, broker, kvProcess);
          report(drones, moving, config, start, end);
        }
      }
    }
  }

  /** What the dispatcher would do for {@code n} assignments, minus the drone CAS. */
  private static void assignMissions(KvClient kv, String bootstrap, int n, ZonesConfig zones)
      throws InterruptedException {
    KvDocuments docs = new KvDocuments(kv, Json.mapper());
    SplittableRandom random = new SplittableRandom(1);
    var b = zones.bounds();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                10),
            new StringSerializer(),
            new ByteArraySerializer())) {
      Flux.range(1, n)
          .flatMap(
              i -> {
                GeoPoint o =
                    new GeoPoint(
                        b.latMin() + random.nextDouble() * (b.latMax() - b.latMin()),
                        b.lonMin() + random.nextDouble() * (b.lonMax() - b.lonMin()));
                GeoPoint d =
                    new GeoPoint(
                        b.latMin() + random.nextDouble() * (b.latMax() - b.latMin()),
                        b.lonMin() + random.nextDouble() * (b.lonMax() - b.lonMin()));
                String id = "bench-" + i;
                String drone = "drone-" + i;
                DeliveryDocument doc =
                    DeliveryDocument.pending(
                            new DeliveryRequested(
                                id, o, d, 1.0, WeightClass.LIGHT, null, null, Instant.now()))
                        .assigned(drone, Instant.now());
                return docs.create(KvKeys.delivery(id), doc).thenReturn(i);
              },
              64)
          .doOnNext(
              i -> {
                String id = "bench-" + i;
                String drone = "drone-" + i;
                Instant now = Instant.now();
                producer.send(
                    new ProducerRecord<>(
                        Topics.DELIVERIES_STATUS.name(),
                        id,
                        Topics.DELIVERIES_STATUS
                            .valueSerde()
                            .serializer()
                            .serialize(
                                "",
                                new DeliveryStatusChanged(
                                    id,
                                    DeliveryStatus.ASSIGNED,
                                    drone,
                                    Leg.TO_ORIGIN,
                                    now,
                                    now,
                                    null,
                                    null))));
                producer.send(
                    new ProducerRecord<>(
                        Topics.FLEET_EVENTS.name(),
                        drone,
                        Topics.FLEET_EVENTS
                            .valueSerde()
                            .serializer()
                            .serialize(
                                "",
                                new FleetEvent(
                                    drone, DroneStatus.IDLE, DroneStatus.BUSY, "assigned", now))));
              })
          .blockLast(Duration.ofMinutes(5));
      producer.flush();
    }
  }

  private record Snapshot(
      long nanos,
      double acked,
      double dropped,
      double failed,
      long ticks,
      double tickTotalMs,
      double merges,
      double mergeConflicts,
      Duration selfCpu,
      Duration brokerCpu,
      Duration kvCpu) {

    static Snapshot take(SimpleMeterRegistry m, ChildProcess broker, ChildProcess kv) {
      Timer tick = m.find("simulator.tick.duration").timer();
      return new Snapshot(
          System.nanoTime(),
          count(m, "simulator.telemetry.sent", null),
          count(m, "simulator.telemetry.dropped", null),
          count(m, "simulator.telemetry.failed", null),
          tick == null ? 0 : tick.count(),
          tick == null ? 0 : tick.totalTime(TimeUnit.MILLISECONDS),
          count(m, "simulator.kv.merges", "updated"),
          count(m, "simulator.kv.merges", "contended"),
          ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO),
          broker.cpu(),
          kv.cpu());
    }

    private static double count(SimpleMeterRegistry m, String name, String outcome) {
      Counter c =
          outcome == null ? m.find(name).counter() : m.find(name).tag("outcome", outcome).counter();
      return c == null ? 0 : c.count();
    }
  }

  private static void report(
      int drones, int moving, SimulatorConfig config, Snapshot s, Snapshot e) {
    double sec = (e.nanos() - s.nanos()) / 1e9;
    double cores = Runtime.getRuntime().availableProcessors();
    long ticks = e.ticks() - s.ticks();
    System.out.println();
    System.out.println("| figure | value |");
    System.out.println("|---|---|");
    row("drones (moving)", drones + " (" + moving + ")");
    row(
        "tick / time acceleration / KV merge interval",
        config.tick().toMillis()
            + " ms / "
            + config.timeAcceleration()
            + "x / "
            + config.kvWriteInterval().toSeconds()
            + " s");
    row("window", String.format(Locale.ROOT, "%.1f s", sec));
    row(
        "telemetry acked by the broker",
        String.format(Locale.ROOT, "%.0f /s", (e.acked() - s.acked()) / sec));
    row(
        "telemetry dropped / failed",
        String.format(
            Locale.ROOT, "%.0f / %.0f", e.dropped() - s.dropped(), e.failed() - s.failed()));
    row("ticks (expected)", ticks + " (" + Math.round(sec * 1000 / config.tick().toMillis()) + ")");
    row(
        "tick work, mean",
        String.format(
            Locale.ROOT, "%.1f ms", ticks == 0 ? 0 : (e.tickTotalMs() - s.tickTotalMs()) / ticks));
    row(
        "KV merges applied / contended",
        String.format(
            Locale.ROOT,
            "%.0f /s / %.0f",
            (e.merges() - s.merges()) / sec,
            e.mergeConflicts() - s.mergeConflicts()));
    row("simulator JVM CPU", cpu(s.selfCpu(), e.selfCpu(), sec, cores));
    row("broker JVM CPU", cpu(s.brokerCpu(), e.brokerCpu(), sec, cores));
    row("KV cluster JVM CPU", cpu(s.kvCpu(), e.kvCpu(), sec, cores));
  }

  private static String cpu(Duration a, Duration b, double sec, double cores) {
    double pctOfCore = (b.toNanos() - a.toNanos()) / 1e9 / sec * 100;
    return String.format(
        Locale.ROOT,
        "%.1f %% of one core (%.1f %% of %d cores)",
        pctOfCore,
        pctOfCore / cores,
        (int) cores);
  }

  private static void row(String k, String v) {
    System.out.println("| " + k + " | " + v + " |");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
