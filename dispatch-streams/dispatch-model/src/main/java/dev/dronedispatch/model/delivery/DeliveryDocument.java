package dev.dronedispatch.model.delivery;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A delivery as stored in the KV service under {@code delivery:{id}} (seed-behaviour §2.3) plus its
 * timeline. {@code timestamp} keeps the original's float epoch seconds (the listing sort key); the
 * timeline instants are the source of the SLO figures.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryDocument(
    String id,
    DeliveryStatus status,
    String droneId,
    GeoPoint origin,
    GeoPoint destination,
    double weight,
    WeightClass weightClass,
    String originZone,
    String destinationZone,
    double timestamp,
    Leg leg,
    Instant requestedAt,
    Instant assignedAt,
    Instant pickedUpAt,
    Instant deliveredAt) {

  /** A new pending delivery as the gateway creates it. */
  public static DeliveryDocument pending(DeliveryRequested request) {
    return new DeliveryDocument(
        request.id(),
        DeliveryStatus.PENDING,
        null,
        request.origin(),
        request.destination(),
        request.weight(),
        request.weightClass(),
        request.originZone(),
        request.destinationZone(),
        request.requestedAt().toEpochMilli() / 1000.0,
        null,
        request.requestedAt(),
        null,
        null,
        null);
  }

  /** The request event this document was created from. */
  public DeliveryRequested toRequest() {
    return new DeliveryRequested(
        id, origin, destination, weight, weightClass, originZone, destinationZone, requestedAt);
  }

  public DeliveryDocument assigned(String drone, Instant at) {
    return new DeliveryDocument(
        id,
        DeliveryStatus.ASSIGNED,
        drone,
        origin,
        destination,
        weight,
        weightClass,
        originZone,
        destinationZone,
        timestamp,
        Leg.TO_ORIGIN,
        requestedAt,
        at,
        null,
        null);
  }

  public DeliveryDocument inFlight() {
    return withStatusAndLeg(DeliveryStatus.IN_FLIGHT, leg == null ? Leg.TO_ORIGIN : leg, null);
  }

  public DeliveryDocument pickedUp(Instant at) {
    return withStatusAndLeg(DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, at);
  }

  public DeliveryDocument delivered(Instant at) {
    return new DeliveryDocument(
        id,
        DeliveryStatus.DELIVERED,
        droneId,
        origin,
        destination,
        weight,
        weightClass,
        originZone,
        destinationZone,
        timestamp,
        null,
        requestedAt,
        assignedAt,
        pickedUpAt,
        at);
  }

  private DeliveryDocument withStatusAndLeg(DeliveryStatus s, Leg l, Instant pickedUp) {
    return new DeliveryDocument(
        id,
        s,
        droneId,
        origin,
        destination,
        weight,
        weightClass,
        originZone,
        destinationZone,
        timestamp,
        l,
        requestedAt,
        assignedAt,
        pickedUp != null ? pickedUp : pickedUpAt,
        deliveredAt);
  }
}
