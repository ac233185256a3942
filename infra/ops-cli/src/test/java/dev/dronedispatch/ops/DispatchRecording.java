package dev.dronedispatch.ops;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.topology.DispatchServices;
import dev.dronedispatch.dispatch.topology.DispatchTopology;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.clock.ManualClock;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topic;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A recording for {@code ops rerun} to replay: the dispatch topology with the default settings runs
 * free in a TopologyTestDriver, as the dispatcher would, over a parked fleet whose drones report
 * every 5 s (busy, with their delivery, once assigned, as the simulator reports them) while a
 * request comes every 2 s; everything that would reach the topics is kept, then published.
 */
final class DispatchRecording {

  static final ZonesConfig ZONES = ZoneGrid.rome(2, 2);
  static final GeoPoint ORIGIN = new GeoPoint(41.93, 12.42);
  static final Duration STEP = Duration.ofMillis(100);

  final List<DeliveryRequested> requests = new ArrayList<>();
  final List<DroneTelemetry> telemetry = new ArrayList<>();
  final List<FleetEvent> fleetEvents = new ArrayList<>();
  final List<DeliveryStatusChanged> statuses = new ArrayList<>();
  final List<DeliveryWaiting> waits = new ArrayList<>();

  private final Map<String, DroneTelemetry> drones = new HashMap<>();
  private ManualClock clock;

  /**
   * {@code droneKm} drones north of the origin at those distances; {@code requests} requests, one
   * every 2 s from {@code start} on; the recording runs {@code seconds}.
   */
  static DispatchRecording record(Instant start, double[] droneKm, int requestCount, int seconds)
      throws Exception {
    DispatchRecording rec = new DispatchRecording();
    rec.run(start, droneKm, requestCount, seconds);
    return rec;
  }

  private void run(Instant start, double[] droneKm, int requestCount, int seconds)
      throws Exception {
    clock = new ManualClock(start);
    InMemoryKvClient kv = new InMemoryKvClient();
    DispatchServices services =
        DispatchServices.create(
            DispatchConfig.defaults(), ZONES, kv, new SimpleMeterRegistry(), clock);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recording");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("recording").toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            DispatchTopology.build(new StreamsBuilder(), services), props, start)) {
      TestInputTopic<String, DroneTelemetry> telemetryIn = input(driver, Topics.DRONES_TELEMETRY);
      TestInputTopic<String, DeliveryRequested> requestsIn =
          input(driver, Topics.DELIVERIES_REQUESTED);
      TestOutputTopic<String, DeliveryStatusChanged> statusOut =
          output(driver, Topics.DELIVERIES_STATUS);
      TestOutputTopic<String, FleetEvent> fleetOut = output(driver, Topics.FLEET_EVENTS);
      TestOutputTopic<String, DeliveryWaiting> waitOut = output(driver, Topics.DISPATCH_DECISIONS);
      for (int i = 0; i < droneKm.length; i++) {
        String id = "drone-" + (i + 1);
        GeoPoint pos = new GeoPoint(ORIGIN.lat() + droneKm[i] / 111.195, ORIGIN.lon());
        DroneDocument doc =
            new DroneDocument(
                id, WeightClass.LIGHT, DroneStatus.IDLE, 90, pos, 60, null, 0, List.of(), false);
        kv.put(KvKeys.drone(id), Json.mapper().valueToTree(doc)).block();
        drones.put(
            id,
            new DroneTelemetry(
                id,
                WeightClass.LIGHT,
                DroneStatus.IDLE,
                pos,
                90,
                false,
                null,
                null,
                60,
                0,
                clock.instant()));
      }
      long steps = Duration.ofSeconds(seconds).dividedBy(STEP);
      for (long s = 0; s <= steps; s++) {
        long ms = s * STEP.toMillis();
        if (ms % 5000 == 0) {
          for (DroneTelemetry t : drones.values()) {
            DroneTelemetry beat = at(t, clock.instant());
            telemetry.add(beat);
            telemetryIn.pipeInput(beat.droneId(), beat, clock.instant());
          }
        }
        int n = (int) (ms / 2000);
        if (ms % 2000 == 1000 && n < requestCount) {
          DeliveryRequested r =
              new DeliveryRequested(
                  "rerun-d" + n,
                  ORIGIN,
                  new GeoPoint(ORIGIN.lat() + 0.005, ORIGIN.lon() + 0.01),
                  1.0,
                  WeightClass.LIGHT,
                  "zone 0",
                  "zone 0",
                  clock.instant());
          kv.put(KvKeys.delivery(r.id()), Json.mapper().valueToTree(DeliveryDocument.pending(r)))
              .block();
          requests.add(r);
          requestsIn.pipeInput(r.id(), r, clock.instant());
        }
        clock.advance(STEP);
        driver.advanceWallClockTime(STEP);
        for (DeliveryStatusChanged e : statusOut.readValuesToList()) {
          statuses.add(e);
          if (e.status() == DeliveryStatus.ASSIGNED) {
            DroneTelemetry t = drones.get(e.droneId());
            drones.put(
                e.droneId(),
                new DroneTelemetry(
                    t.droneId(),
                    t.type(),
                    DroneStatus.BUSY,
                    t.pos(),
                    t.battery(),
                    false,
                    e.deliveryId(),
                    null,
                    t.speedKmh(),
                    t.seq(),
                    t.ts()));
          }
        }
        fleetEvents.addAll(fleetOut.readValuesToList());
        waits.addAll(waitOut.readValuesToList());
      }
    }
  }

  private DroneTelemetry at(DroneTelemetry t, Instant ts) {
    return new DroneTelemetry(
        t.droneId(),
        t.type(),
        t.status(),
        t.pos(),
        t.battery(),
        t.atCharge(),
        t.currentDelivery(),
        t.leg(),
        t.speedKmh(),
        t.seq() + 1,
        ts);
  }

  /** Publishes the recording, each record stamped with its event's time. */
  void publish(String bootstrap) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (var r : requests) {
        send(producer, Topics.DELIVERIES_REQUESTED, r.id(), r.requestedAt(), r);
      }
      for (var t : telemetry) {
        send(producer, Topics.DRONES_TELEMETRY, t.droneId(), t.ts(), t);
      }
      for (var e : fleetEvents) {
        send(producer, Topics.FLEET_EVENTS, e.droneId(), e.ts(), e);
      }
      for (var e : statuses) {
        send(producer, Topics.DELIVERIES_STATUS, e.deliveryId(), e.ts(), e);
      }
      for (var e : waits) {
        send(producer, Topics.DISPATCH_DECISIONS, e.deliveryId(), e.ts(), e);
      }
      producer.flush();
    }
  }

  private static void send(
      KafkaProducer<String, String> producer,
      Topic<String, ?> topic,
      String key,
      Instant ts,
      Object value)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic.name(),
                null,
                ts.toEpochMilli(),
                key,
                Json.mapper().writeValueAsString(value)))
        .get();
  }

  private static <V> TestInputTopic<String, V> input(TopologyTestDriver d, Topic<String, V> t) {
    return d.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
  }

  private static <V> TestOutputTopic<String, V> output(TopologyTestDriver d, Topic<String, V> t) {
    return d.createOutputTopic(
        t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
  }
}
