package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An assigned delivery as its dispatch task tracks it, keyed by drone: enough to check arrival from
 * telemetry without reading the KV, and the last stage this task has announced (the KV may be ahead
 * after a crash between a KV write and the Kafka commit; the difference is announced on the next
 * pass).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActiveDelivery(
    String deliveryId,
    String droneId,
    GeoPoint origin,
    GeoPoint destination,
    WeightClass weightClass,
    Instant requestedAt,
    Instant assignedAt,
    DeliveryStatus status,
    Leg leg) {

  public static ActiveDelivery of(DeliveryDocument d) {
    return new ActiveDelivery(
        d.id(),
        d.droneId(),
        d.origin(),
        d.destination(),
        d.weightClass(),
        d.requestedAt(),
        d.assignedAt(),
        d.status(),
        d.leg());
  }

  private ActiveDelivery at(DeliveryStatus newStatus, Leg newLeg) {
    return new ActiveDelivery(
        deliveryId,
        droneId,
        origin,
        destination,
        weightClass,
        requestedAt,
        assignedAt,
        newStatus,
        newLeg);
  }

  /** A document with this record's facts, for the pure progress check. */
  public DeliveryDocument asDocument() {
    return new DeliveryDocument(
        deliveryId,
        status,
        droneId,
        origin,
        destination,
        0,
        weightClass,
        null,
        null,
        0,
        leg,
        requestedAt,
        assignedAt,
        null,
        null,
        null,
        null,
        null);
  }

  /** This record as tracked at {@code stage}. */
  public ActiveDelivery at(DeliveryStage stage) {
    return at(stage.status(), stage.leg());
  }

  public DeliveryStage stage() {
    return DeliveryStage.of(status, leg);
  }
}
