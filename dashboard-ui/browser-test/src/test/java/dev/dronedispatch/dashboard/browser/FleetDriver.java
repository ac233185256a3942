package dev.dronedispatch.dashboard.browser;

import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays the simulator and the dispatcher for the test: drone documents in the real KV (as the
 * simulator registers them), telemetry, fleet and status events on the real topics, and the
 * assignment written to both documents by CAS before its events are published, as the dispatcher
 * does. Every send waits for the broker's acknowledgement.
 */
final class FleetDriver implements AutoCloseable {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private final KvDocuments docs;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicLong seq = new AtomicLong();

  FleetDriver(KvClient kv, String bootstrapServers) {
    this.docs = new KvDocuments(kv, Json.mapper());
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** Registers a drone in the KV and reports it once on drones.telemetry. */
  DroneDocument register(String id, WeightClass type, DroneStatus status, GeoPoint pos) {
    DroneDocument doc =
        new DroneDocument(id, type, status, 90.0, pos, 60.0, null, 0, List.of(), false);
    CasResult created = docs.create(KvKeys.drone(id), doc).block(SEND_TIMEOUT);
    if (!(created instanceof CasResult.Applied)) {
      throw new IllegalStateException("cannot register " + id + ": " + created);
    }
    telemetry(doc, null);
    return doc;
  }

  void telemetry(DroneDocument d, Leg leg) {
    send(
        Topics.DRONES_TELEMETRY,
        d.id(),
        new DroneTelemetry(
            d.id(),
            d.type(),
            d.status(),
            d.pos(),
            d.battery(),
            d.atCharge(),
            d.currentDelivery(),
            leg,
            d.speedKmh(),
            seq.incrementAndGet(),
            Instant.now()));
  }

  /**
   * Assigns a pending delivery to an idle drone: the delivery and the drone documents by CAS, then
   * {@code deliveries.status} (assigned) and {@code fleet.events} (idle → busy).
   */
  void assign(String deliveryId, String droneId) {
    Instant now = Instant.now();
    UpdateOutcome<DeliveryDocument> delivery =
        docs.update(
                KvKeys.delivery(deliveryId),
                DeliveryDocument.class,
                cur ->
                    cur.filter(d -> d.status() == DeliveryStatus.PENDING)
                        .map(d -> d.assigned(droneId, now)),
                10)
            .block(SEND_TIMEOUT);
    if (!(delivery instanceof UpdateOutcome.Updated<DeliveryDocument> updated)) {
      throw new IllegalStateException("cannot assign " + deliveryId + ": " + delivery);
    }
    UpdateOutcome<DroneDocument> drone =
        docs.update(
                KvKeys.drone(droneId),
                DroneDocument.class,
                cur ->
                    cur.filter(DroneDocument::isIdleAndFree)
                        .map(
                            d ->
                                d.withControl(
                                    DroneStatus.BUSY, deliveryId, d.feasMiss(), d.feasMissSet())),
                10)
            .block(SEND_TIMEOUT);
    if (!drone.updated()) {
      throw new IllegalStateException("cannot make " + droneId + " busy: " + drone);
    }
    DeliveryDocument doc = updated.current().value();
    send(
        Topics.DELIVERIES_STATUS,
        deliveryId,
        new DeliveryStatusChanged(
            deliveryId,
            DeliveryStatus.ASSIGNED,
            droneId,
            Leg.TO_ORIGIN,
            now,
            doc.requestedAt(),
            "assigned",
            null));
    send(
        Topics.FLEET_EVENTS,
        droneId,
        new FleetEvent(droneId, DroneStatus.IDLE, DroneStatus.BUSY, "assigned", now));
  }

  /**
   * {@code n} orders of {@code kg} requested now, as the gateway stores and announces them (the
   * document and its time-index entry in the KV, then deliveries.requested); their ids.
   */
  List<String> backlog(int n, double kg) {
    ZonesConfig zones = ZoneGrid.rome(2, 2);
    GeoPoint origin = new GeoPoint(41.93, 12.42);
    GeoPoint destination = new GeoPoint(41.84, 12.56);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      DeliveryRequested event =
          new DeliveryRequested(
              UUID.randomUUID().toString(),
              origin,
              destination,
              kg,
              WeightClass.forWeight(kg),
              zones.zoneNameOf(origin).orElseThrow(),
              zones.zoneNameOf(destination).orElseThrow(),
              at);
      docs.create(KvKeys.deliveryByTime(at, event.id()), event.id()).block(SEND_TIMEOUT);
      docs.create(KvKeys.delivery(event.id()), DeliveryDocument.pending(event)).block(SEND_TIMEOUT);
      send(Topics.DELIVERIES_REQUESTED, event.id(), event);
      ids.add(event.id());
    }
    return ids;
  }

  /** Writes a document as given, e.g. a {@code drone:*} one that is not a valid drone. */
  void storeRaw(String key, String json) {
    docs.client().put(key, Json.mapper().readTree(json)).block(SEND_TIMEOUT);
  }

  /**
   * The last telemetry of a drone the KV does not hold, sent long ago (what a reconnect replays for
   * a drone of an earlier run).
   */
  void strayTelemetry(String id, WeightClass type, GeoPoint pos, Instant at) {
    send(
        Topics.DRONES_TELEMETRY,
        id,
        new DroneTelemetry(
            id, type, DroneStatus.IDLE, pos, 50, false, null, null, 60, seq.incrementAndGet(), at));
  }

  /** A fleet event about a drone that was never registered. */
  void strayFleetEvent(String id) {
    send(
        Topics.FLEET_EVENTS,
        id,
        new FleetEvent(id, DroneStatus.IDLE, DroneStatus.BUSY, "assigned", Instant.now()));
  }

  Optional<DroneDocument> drone(String id) {
    return docs.read(KvKeys.drone(id), DroneDocument.class).block(SEND_TIMEOUT).map(v -> v.value());
  }

  private <V> void send(Topic<String, V> topic, String key, V value) {
    byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
    byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
    try {
      producer
          .send(new ProducerRecord<>(topic.name(), k, v))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending to " + topic.name(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send to " + topic.name(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
