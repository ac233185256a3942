package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An assigned delivery as its dispatch task tracks it, keyed by drone: enough to check arrival from
 * telemetry without reading the KV, and the last status this task has emitted (the KV may be ahead
 * after a crash between a KV write and the Kafka commit; the difference is emitted on the next
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

  public ActiveDelivery at(DeliveryStatus newStatus, Leg newLeg) {
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
        null);
  }

  /** 0 assigned, 1 in flight to the origin, 2 to the destination, 3 delivered. */
  public static int level(DeliveryStatus status, Leg leg) {
    switch (status) {
      case PENDING:
        return -1;
      case ASSIGNED:
        return 0;
      case IN_FLIGHT:
        return leg == Leg.TO_DESTINATION ? 2 : 1;
      case DELIVERED:
        return 3;
      default:
        throw new IllegalStateException("unknown status " + status);
    }
  }

  /** This record as tracked at {@code level} (see {@link #level(DeliveryStatus, Leg)}). */
  public ActiveDelivery atLevel(int level) {
    switch (level) {
      case 0:
        return at(DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN);
      case 1:
        return at(DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN);
      case 2:
        return at(DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION);
      case 3:
        return at(DeliveryStatus.DELIVERED, null);
      default:
        throw new IllegalArgumentException("no such level " + level);
    }
  }

  public int level() {
    return level(status, leg);
  }
}
