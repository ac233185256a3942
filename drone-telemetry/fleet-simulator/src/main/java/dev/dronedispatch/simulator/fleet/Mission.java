package dev.dronedispatch.simulator.fleet;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.geo.GeoPoint;

/** The delivery a busy drone is flying: pick up at {@code origin}, drop at {@code destination}. */
public record Mission(String deliveryId, GeoPoint origin, GeoPoint destination, Leg leg) {

  /** A mission from the delivery document; a delivery already picked up resumes on its 2nd leg. */
  public static Mission of(DeliveryDocument delivery) {
    Leg leg = delivery.leg() == Leg.TO_DESTINATION ? Leg.TO_DESTINATION : Leg.TO_ORIGIN;
    return new Mission(delivery.id(), delivery.origin(), delivery.destination(), leg);
  }

  public GeoPoint target() {
    return leg == Leg.TO_ORIGIN ? origin : destination;
  }

  public Mission pickedUp() {
    return new Mission(deliveryId, origin, destination, Leg.TO_DESTINATION);
  }
}
