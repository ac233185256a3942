package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.PickupFix;
import dev.dronedispatch.model.geo.GeoPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delivery state machine driven by the assigned drone's own telemetry. Only a report in which
 * the drone itself names the delivery counts as evidence: the dispatcher's decision that a drone
 * now serves a delivery says nothing about where its parcel is, and telemetry sent before the drone
 * learnt of its new mission still describes the previous one.
 *
 * <ul>
 *   <li>assigned → in flight: the drone reports the delivery as its mission;
 *   <li>picked up: the drone reports a pickup fix within ARRIVE_EPS_KM of the origin, or reports
 *       the delivery while within ARRIVE_EPS_KM of the origin;
 *   <li>delivered: the drone, carrying the parcel (leg {@code to_destination}), reports a position
 *       within ARRIVE_EPS_KM of the destination.
 * </ul>
 *
 * Each stage is stamped with the time of the report that proves it (a pickup with the time of its
 * fix), never earlier than the stage before it, so a delivery's timeline never runs backwards; a
 * drone first seen already carrying the parcel is stamped in flight no later than its pickup.
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

  /** The steps {@code report}, the drone's latest own telemetry, proves for {@code doc}. */
  public Advance advance(DeliveryDocument doc, DroneView report) {
    if (!doc.status().isActive() || !isEvidenceFor(doc, report)) {
      return new Advance(List.of(), doc);
    }
    boolean toOrigin = doc.leg() != Leg.TO_DESTINATION;
    Optional<Instant> pickedUp = toOrigin ? pickupTime(doc.origin(), report) : Optional.empty();
    boolean carrying = !toOrigin || pickedUp.isPresent();
    boolean delivered =
        carrying && report.leg() == Leg.TO_DESTINATION && near(report.pos(), doc.destination());
    List<Step> steps = new ArrayList<>(3);
    DeliveryDocument d = doc;
    if (d.status() == DeliveryStatus.ASSIGNED) {
      // a drone seen for the first time already past the origin was in flight before it loaded
      Instant inFlight = pickedUp.filter(p -> p.isBefore(report.ts())).orElse(report.ts());
      d = d.inFlight(later(d.assignedAt(), inFlight));
      steps.add(Step.IN_FLIGHT);
    }
    if (pickedUp.isPresent()) {
      d = d.pickedUp(later(d.inFlightAt(), pickedUp.get()));
      steps.add(Step.PICKED_UP);
    }
    if (delivered) {
      d = d.delivered(later(d.pickedUpAt(), report.ts()));
      steps.add(Step.DELIVERED);
    }
    return new Advance(List.copyOf(steps), d);
  }

  /** Applies {@link #advance} as a change function: empty when there is nothing to do. */
  public Optional<DeliveryDocument> change(Optional<DeliveryDocument> current, DroneView report) {
    return current.map(doc -> advance(doc, report)).filter(a -> !a.isEmpty()).map(Advance::result);
  }

  private static boolean isEvidenceFor(DeliveryDocument doc, DroneView report) {
    return report.pos() != null
        && report.ts() != null
        && report.id().equals(doc.droneId())
        && doc.id().equals(report.currentDelivery());
  }

  /** When the report proves the parcel was loaded at {@code origin}; empty if it does not. */
  private Optional<Instant> pickupTime(GeoPoint origin, DroneView report) {
    PickupFix fix = report.pickup();
    if (report.leg() == Leg.TO_DESTINATION && fix != null && fix.pos() != null) {
      return near(fix.pos(), origin) ? Optional.ofNullable(fix.ts()) : Optional.empty();
    }
    return near(report.pos(), origin) ? Optional.of(report.ts()) : Optional.empty();
  }

  private boolean near(GeoPoint pos, GeoPoint target) {
    return pos.distanceKmTo(target) <= arriveEpsKm;
  }

  private static Instant later(Instant previousStage, Instant proof) {
    return previousStage != null && previousStage.isAfter(proof) ? previousStage : proof;
  }
}
