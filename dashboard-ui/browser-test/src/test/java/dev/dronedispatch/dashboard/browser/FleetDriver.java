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
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays the simulator and the dispatcher for the test: drone documents in the real KV (as the
 * simulator registers them), telemetry, fleet and status events on the real topics, and each change
 * the dispatcher makes (an assignment, a pickup, a drone lost, a hand-back, a failure) written to
 * the documents by CAS before its events are published, as the dispatcher does. Every send waits
 * for the broker's acknowledgement.
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
    DeliveryDocument doc =
        updateDelivery(
            deliveryId, d -> d.status() == DeliveryStatus.PENDING, d -> d.assigned(droneId, now));
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
    announce(doc, droneId, now, "assigned");
    send(
        Topics.FLEET_EVENTS,
        droneId,
        new FleetEvent(droneId, DroneStatus.IDLE, DroneStatus.BUSY, "assigned", now));
  }

  /** Its drone loaded the parcel: in flight to the destination. */
  void pickUp(String deliveryId) {
    Instant now = Instant.now();
    DeliveryDocument doc =
        updateDelivery(
            deliveryId,
            d -> d.status() == DeliveryStatus.ASSIGNED,
            d -> d.inFlight(now).pickedUp(now));
    announce(doc, doc.droneId(), now, "picked_up");
  }

  /**
   * The dispatcher's liveness verdict on a drone: lost, holding no delivery (the document by CAS),
   * then {@code fleet.events} (→ lost with {@code reason}, e.g. {@code lost:silent}).
   */
  void lose(String droneId, String reason) {
    Instant now = Instant.now();
    DroneStatus before = drone(droneId).orElseThrow().status();
    UpdateOutcome<DroneDocument> drone =
        docs.update(
                KvKeys.drone(droneId),
                DroneDocument.class,
                cur ->
                    cur.filter(d -> d.status() == before)
                        .map(
                            d ->
                                d.withControl(
                                    DroneStatus.LOST, null, d.feasMiss(), d.feasMissSet())),
                10)
            .block(SEND_TIMEOUT);
    if (!drone.updated()) {
      throw new IllegalStateException("cannot lose " + droneId + ": " + drone);
    }
    send(
        Topics.FLEET_EVENTS,
        droneId,
        new FleetEvent(droneId, before, DroneStatus.LOST, reason, now));
  }

  /**
   * A delivery whose drone was lost before the pickup goes back to pending: the document by CAS,
   * then {@code deliveries.status} naming the lost drone, reason {@code drone_lost}.
   */
  void handBack(String deliveryId, String lostDrone) {
    Instant now = Instant.now();
    DeliveryDocument doc =
        updateDelivery(deliveryId, d -> d.status().isActive(), DeliveryDocument::handedBack);
    announce(doc, lostDrone, now, DeliveryDocument.DRONE_LOST);
  }

  /** The delivery fails for {@code reason}: the document by CAS, then {@code deliveries.status}. */
  void fail(String deliveryId, String reason) {
    Instant now = Instant.now();
    DeliveryDocument doc =
        updateDelivery(deliveryId, d -> !d.status().isTerminal(), d -> d.failed(now, reason));
    announce(doc, doc.droneId(), now, reason);
  }

  /** Changes a delivery document by CAS, from a state {@code from} accepts; the new document. */
  private DeliveryDocument updateDelivery(
      String deliveryId, Predicate<DeliveryDocument> from, UnaryOperator<DeliveryDocument> change) {
    UpdateOutcome<DeliveryDocument> delivery =
        docs.update(
                KvKeys.delivery(deliveryId),
                DeliveryDocument.class,
                cur -> cur.filter(from).map(change),
                10)
            .block(SEND_TIMEOUT);
    if (!(delivery instanceof UpdateOutcome.Updated<DeliveryDocument> updated)) {
      throw new IllegalStateException("cannot change " + deliveryId + ": " + delivery);
    }
    return updated.current().value();
  }

  /** The change {@code d} says, on {@code deliveries.status}, naming {@code droneId}. */
  private void announce(DeliveryDocument d, String droneId, Instant at, String reason) {
    send(
        Topics.DELIVERIES_STATUS,
        d.id(),
        new DeliveryStatusChanged(
            d.id(), d.status(), droneId, d.leg(), at, d.requestedAt(), reason, null));
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
