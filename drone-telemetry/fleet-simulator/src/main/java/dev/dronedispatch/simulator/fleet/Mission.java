package dev.dronedispatch.simulator.fleet;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.PickupFix;
import dev.dronedispatch.model.geo.GeoPoint;
import java.time.Instant;
import java.util.Optional;

/**
 * The delivery a busy drone is flying: pick up at {@code origin}, drop at {@code destination}.
 * {@code pickup} says where and when this drone loaded the parcel; it is empty before the pickup
 * and for a mission resumed on its second leg after a restart (the pickup happened in an earlier
 * run and is already on record).
 */
public record Mission(
    String deliveryId, GeoPoint origin, GeoPoint destination, Leg leg, Optional<PickupFix> pickup) {

  /** A mission from the delivery document; a delivery already picked up resumes on its 2nd leg. */
  public static Mission of(DeliveryDocument delivery) {
    Leg leg = delivery.leg() == Leg.TO_DESTINATION ? Leg.TO_DESTINATION : Leg.TO_ORIGIN;
    return new Mission(
        delivery.id(), delivery.origin(), delivery.destination(), leg, Optional.empty());
  }

  /** A mission not yet picked up. */
  public static Mission toOrigin(String deliveryId, GeoPoint origin, GeoPoint destination) {
    return new Mission(deliveryId, origin, destination, Leg.TO_ORIGIN, Optional.empty());
  }

  public GeoPoint target() {
    return leg == Leg.TO_ORIGIN ? origin : destination;
  }

  /** The parcel loaded at {@code at} where the drone stands. */
  public Mission pickedUp(GeoPoint at, Instant when) {
    return new Mission(
        deliveryId, origin, destination, Leg.TO_DESTINATION, Optional.of(new PickupFix(at, when)));
  }
}
