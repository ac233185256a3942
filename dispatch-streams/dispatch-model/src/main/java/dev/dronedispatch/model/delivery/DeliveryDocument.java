package dev.dronedispatch.model.delivery;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A delivery as stored in the KV service under {@code delivery:{id}} (original-behaviour.md §2.3)
 * plus its timeline. {@code timestamp} keeps the original's float epoch seconds (the listing sort
 * key); the timeline instants are the source of the SLO figures. A failed delivery keeps the
 * timeline it had and says when and why it failed ({@code failed_at}, {@code failure_reason}).
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
    Instant inFlightAt,
    Instant pickedUpAt,
    Instant deliveredAt,
    Instant failedAt,
    String failureReason) {

  /** Why a delivery failed: its drone was lost with the parcel on board. */
  public static final String DRONE_LOST = "drone_lost";

  /** Why a delivery failed: no drone took it before the pending deadline. */
  public static final String NO_DRONE = "no_drone";

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
        null,
        null,
        null,
        null);
  }

  /** Where this delivery is in its life. */
  public DeliveryStage stage() {
    return DeliveryStage.of(status, leg);
  }

  /** The request event this document was created from. */
  public DeliveryRequested toRequest() {
    return new DeliveryRequested(
        id, origin, destination, weight, weightClass, originZone, destinationZone, requestedAt);
  }

  public DeliveryDocument assigned(String drone, Instant at) {
    return copy(DeliveryStatus.ASSIGNED, drone, Leg.TO_ORIGIN, at, null, null, null);
  }

  /** In flight to the origin: the drone has taken the mission on. */
  public DeliveryDocument inFlight(Instant at) {
    return copy(DeliveryStatus.IN_FLIGHT, droneId, Leg.TO_ORIGIN, assignedAt, at, null, null);
  }

  public DeliveryDocument pickedUp(Instant at) {
    return copy(
        DeliveryStatus.IN_FLIGHT, droneId, Leg.TO_DESTINATION, assignedAt, inFlightAt, at, null);
  }

  public DeliveryDocument delivered(Instant at) {
    return copy(DeliveryStatus.DELIVERED, droneId, null, assignedAt, inFlightAt, pickedUpAt, at);
  }

  /**
   * Back to pending, without a drone: its drone was lost (or gave it back) before the pickup, so
   * the parcel still waits at the origin for another one.
   */
  public DeliveryDocument handedBack() {
    return copy(DeliveryStatus.PENDING, null, null, null, null, null, null);
  }

  /** Failed at {@code at} for {@code reason}; the drone and the timeline so far are kept. */
  public DeliveryDocument failed(Instant at, String reason) {
    return new DeliveryDocument(
        id,
        DeliveryStatus.FAILED,
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
        inFlightAt,
        pickedUpAt,
        null,
        at,
        reason);
  }

  /** This delivery with its lifecycle fields replaced; the request fields never change. */
  private DeliveryDocument copy(
      DeliveryStatus newStatus,
      String drone,
      Leg newLeg,
      Instant assigned,
      Instant inFlight,
      Instant pickedUp,
      Instant deliveredTime) {
    return new DeliveryDocument(
        id,
        newStatus,
        drone,
        origin,
        destination,
        weight,
        weightClass,
        originZone,
        destinationZone,
        timestamp,
        newLeg,
        requestedAt,
        assigned,
        inFlight,
        pickedUp,
        deliveredTime,
        null,
        null);
  }
}
