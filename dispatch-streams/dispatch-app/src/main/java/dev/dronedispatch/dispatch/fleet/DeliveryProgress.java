package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delivery state machine driven by the assigned drone's telemetry (seed-behaviour §2.5, §9.6):
 * assigned → in_flight once the drone reports a position; leg to_origin → to_destination when the
 * drone is within ARRIVE_EPS_KM of the origin (or reports that it has picked up this delivery);
 * to_destination → delivered within ARRIVE_EPS_KM of the destination.
 */
public final class DeliveryProgress {

  /** One transition of the delivery, in the order they happen. */
  public enum Step {
    IN_FLIGHT,
    PICKED_UP,
    DELIVERED
  }

  /** The steps taken and the resulting document. */
  public record Advance(List<Step> steps, DeliveryDocument result) {

    public boolean isEmpty() {
      return steps.isEmpty();
    }
  }

  private final double arriveEpsKm;

  public DeliveryProgress(double arriveEpsKm) {
    this.arriveEpsKm = arriveEpsKm;
  }

  /** The steps the drone's latest state justifies for {@code doc}; empty if none. */
  public Advance advance(DeliveryDocument doc, DroneView drone, Instant now) {
    List<Step> steps = new ArrayList<>(3);
    DeliveryDocument d = doc;
    if (!d.status().isActive() || drone.pos() == null || !drone.id().equals(d.droneId())) {
      return new Advance(List.of(), doc);
    }
    if (d.status() == DeliveryStatus.ASSIGNED) {
      d = d.inFlight();
      steps.add(Step.IN_FLIGHT);
    }
    Leg leg = d.leg() == null ? Leg.TO_ORIGIN : d.leg();
    if (leg == Leg.TO_ORIGIN && (near(drone, d.origin()) || reportsPickup(drone, d.id()))) {
      d = d.pickedUp(now);
      leg = Leg.TO_DESTINATION;
      steps.add(Step.PICKED_UP);
    }
    if (leg == Leg.TO_DESTINATION && near(drone, d.destination())) {
      d = d.delivered(now);
      steps.add(Step.DELIVERED);
    }
    return new Advance(List.copyOf(steps), d);
  }

  /** Applies {@link #advance} as a change function: empty when there is nothing to do. */
  public Optional<DeliveryDocument> change(
      Optional<DeliveryDocument> current, DroneView drone, Instant now) {
    return current
        .map(doc -> advance(doc, drone, now))
        .filter(a -> !a.isEmpty())
        .map(Advance::result);
  }

  private boolean near(DroneView drone, dev.dronedispatch.model.geo.GeoPoint target) {
    return drone.pos().distanceKmTo(target) <= arriveEpsKm;
  }

  private static boolean reportsPickup(DroneView drone, String deliveryId) {
    return drone.leg() == Leg.TO_DESTINATION && deliveryId.equals(drone.currentDelivery());
  }
}
