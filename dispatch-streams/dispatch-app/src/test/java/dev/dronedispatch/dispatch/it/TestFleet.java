package dev.dronedispatch.dispatch.it;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.PickupFix;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.Zone;
import dev.dronedispatch.model.zones.ZoneGrid;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A minimal stand-in for the simulator: every tick it reads the drones from the KV service (the
 * truth for status and delivery), flies a busy drone straight to its delivery's origin, then to its
 * destination (reporting the leg and, as the simulator does, where it loaded the parcel), and
 * publishes every drone's telemetry. A drone sent charging flies to the nearest charger and reports
 * itself there, full — without that, a drone the dispatcher sends charging (too weak for the trips
 * it was offered, say) would never be idle again and its class's deliveries would wait forever. It
 * also records every (drone, delivery) it ever saw held, for the checks.
 */
final class TestFleet implements AutoCloseable {

  private record Flight(
      String deliveryId, GeoPoint origin, GeoPoint destination, Leg leg, PickupFix pickup) {}

  private final KvClient kv;
  private final KvDocuments docs;
  private final List<String> droneIds;
  private final List<GeoPoint> chargers;
  private final KafkaProducer<String, DroneTelemetry> producer;
  private final ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, GeoPoint> positions = new HashMap<>();
  private final Map<String, Flight> flights = new HashMap<>();
  private final Map<String, String> heldBy = new ConcurrentHashMap<>();
  private final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, String> lastSeen = new ConcurrentHashMap<>();
  private volatile Instant lastPublished;
  private volatile Throwable lastFailure;
  private long seq;

  TestFleet(KvClient kv, String bootstrap, Map<String, GeoPoint> start) {
    this.kv = kv;
    this.chargers =
        ZoneGrid.rome(ZoneGrid.DEFAULT_ROWS, ZoneGrid.DEFAULT_COLS).zones().stream()
            .map(Zone::charge)
            .toList();
    this.docs = new KvDocuments(kv, Json.mapper());
    this.droneIds = List.copyOf(start.keySet());
    this.positions.putAll(start);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer =
        new KafkaProducer<>(
            p,
            Topics.DRONES_TELEMETRY.keySerde().serializer(),
            Topics.DRONES_TELEMETRY.valueSerde().serializer());
  }

  void start(Duration period) {
    tick.scheduleWithFixedDelay(this::step, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Deliveries the fleet saw held by two drones, or a drone seen holding two. */
  List<String> violations() {
    return violations;
  }

  private void step() {
    try {
      Map<String, KvEntry> entries =
          kv.getAll(droneIds.stream().map(KvKeys::drone).toList()).block(Duration.ofSeconds(5));
      if (entries == null) {
        return;
      }
      for (KvEntry e : entries.values()) {
        DroneDocument d = docs.decode(e, DroneDocument.class);
        lastSeen.put(
            d.id(),
            d.type().wireName()
                + " "
                + d.status().wireName()
                + (d.currentDelivery() == null ? "" : " " + d.currentDelivery()));
        Flight f = fly(d);
        boolean charging = d.status() == DroneStatus.CHARGING;
        if (charging) {
          parkAtNearestCharger(d.id());
        }
        producer.send(
            new ProducerRecord<>(
                Topics.DRONES_TELEMETRY.name(),
                d.id(),
                new DroneTelemetry(
                    d.id(),
                    d.type(),
                    d.status(),
                    positions.get(d.id()),
                    100,
                    charging,
                    d.currentDelivery(),
                    f == null ? null : f.leg(),
                    d.speedKmh(),
                    ++seq,
                    Instant.now(),
                    f == null ? null : f.pickup())));
      }
      producer.flush();
      lastPublished = Instant.now();
    } catch (RuntimeException e) {
      lastFailure = e; // the KV or the broker is briefly unavailable: next tick
    } catch (Error e) {
      lastFailure = e; // kept for the report: the scheduler drops the task without a trace
      throw e;
    }
  }

  /**
   * When the fleet last published, its last failure and each drone as the KV last showed it: a test
   * that times out says whether the drones stopped reporting (the stand-in stalled) or the
   * dispatchers stopped acting on them, and which drones were held by what.
   */
  String report() {
    return "test fleet last published "
        + lastPublished
        + (lastFailure == null ? "" : ", last failure: " + lastFailure)
        + ", drones in the KV: "
        + new java.util.TreeMap<>(lastSeen);
  }

  private void parkAtNearestCharger(String droneId) {
    GeoPoint here = positions.get(droneId);
    GeoPoint nearest =
        chargers.stream().min(Comparator.comparingDouble(here::distanceKmTo)).orElseThrow();
    positions.put(droneId, nearest);
  }

  /** Moves a busy drone one hop; answers the flight it is on, if any. */
  private Flight fly(DroneDocument d) {
    if (d.status() != DroneStatus.BUSY || d.currentDelivery() == null) {
      flights.remove(d.id());
      return null;
    }
    String holder = heldBy.putIfAbsent(d.currentDelivery(), d.id());
    if (holder != null && !holder.equals(d.id())) {
      violations.add(d.currentDelivery() + " held by " + holder + " and " + d.id());
    }
    Flight f = flights.get(d.id());
    if (f == null || !f.deliveryId().equals(d.currentDelivery())) {
      DeliveryDocument doc =
          docs.read(KvKeys.delivery(d.currentDelivery()), DeliveryDocument.class)
              .block(Duration.ofSeconds(5))
              .orElseThrow()
              .value();
      f = new Flight(doc.id(), doc.origin(), doc.destination(), Leg.TO_ORIGIN, null);
      positions.put(d.id(), f.origin());
    } else if (f.leg() == Leg.TO_ORIGIN) {
      f =
          new Flight(
              f.deliveryId(),
              f.origin(),
              f.destination(),
              Leg.TO_DESTINATION,
              new PickupFix(f.origin(), Instant.now()));
      positions.put(d.id(), f.destination());
    }
    flights.put(d.id(), f);
    return f;
  }

  @Override
  public void close() {
    tick.shutdownNow();
    try {
      tick.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
