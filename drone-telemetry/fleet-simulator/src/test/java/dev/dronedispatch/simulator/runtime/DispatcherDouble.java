package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Does in tests what the dispatcher does around an assignment: the KV writes by CAS (drone idle →
 * busy with the delivery, delivery pending → assigned), then the events on {@code
 * deliveries.status} and {@code fleet.events}.
 */
final class DispatcherDouble implements AutoCloseable {

  private final KvDocuments docs;
  private final KafkaProducer<String, byte[]> producer;

  DispatcherDouble(KvDocuments docs, String bootstrap) {
    this.docs = docs;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  DeliveryDocument createDelivery(String id, GeoPoint origin, GeoPoint destination) {
    DeliveryDocument doc =
        DeliveryDocument.pending(
            new DeliveryRequested(
                id, origin, destination, 1.0, WeightClass.LIGHT, null, null, Instant.now()));
    if (!docs.create(KvKeys.delivery(id), doc).block().ok()) {
      throw new IllegalStateException("delivery exists: " + id);
    }
    return doc;
  }

  void assign(String droneId, DeliveryDocument delivery) {
    UpdateOutcome<DroneDocument> drone =
        docs.update(
                KvKeys.drone(droneId),
                DroneDocument.class,
                d ->
                    d.map(
                        doc ->
                            doc.withControl(
                                DroneStatus.BUSY,
                                delivery.id(),
                                doc.feasMiss(),
                                doc.feasMissSet())),
                50)
            .block();
    if (!drone.updated()) {
      throw new IllegalStateException("drone claim failed: " + drone);
    }
    UpdateOutcome<DeliveryDocument> d =
        docs.update(
                KvKeys.delivery(delivery.id()),
                DeliveryDocument.class,
                cur -> cur.map(doc -> doc.assigned(droneId, Instant.now())),
                50)
            .block();
    if (!d.updated()) {
      throw new IllegalStateException("delivery assign failed: " + d);
    }
    status(delivery.id(), DeliveryStatus.ASSIGNED, droneId, Leg.TO_ORIGIN);
    fleet(droneId, DroneStatus.IDLE, DroneStatus.BUSY, "assigned");
  }

  void status(String deliveryId, DeliveryStatus status, String droneId, Leg leg) {
    DeliveryStatusChanged e =
        new DeliveryStatusChanged(
            deliveryId, status, droneId, leg, Instant.now(), Instant.now(), null, null);
    send(
        Topics.DELIVERIES_STATUS.name(),
        deliveryId,
        Topics.DELIVERIES_STATUS.valueSerde().serializer().serialize("", e));
  }

  void fleet(String droneId, DroneStatus from, DroneStatus to, String reason) {
    FleetEvent e = new FleetEvent(droneId, from, to, reason, Instant.now());
    send(
        Topics.FLEET_EVENTS.name(),
        droneId,
        Topics.FLEET_EVENTS.valueSerde().serializer().serialize("", e));
  }

  Optional<DroneDocument> drone(String droneId) {
    return docs.read(KvKeys.drone(droneId), DroneDocument.class)
        .block(Duration.ofSeconds(10))
        .map(v -> v.value());
  }

  private void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
