package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.checking.history.track.Whereabouts;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.geo.GeoPoint;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stop is recorded where it happens: at the event's time the drone is within {@link
 * PhysicsTolerances#stopToleranceKm} of the origin (pickup) or the destination (delivery).
 */
public record AtTheStop(Stop stop, PhysicsTolerances tolerances) implements DeliveryCheck {

  /** The two stops of a delivery: which stage records it, and where it must happen. */
  public enum Stop {
    PICKUP(
        DeliveryStage.TO_DESTINATION,
        "origin",
        DeliveryRequested::origin,
        Violation.Kind.PICKED_UP_AWAY_FROM_ORIGIN),
    DROP_OFF(
        DeliveryStage.DELIVERED,
        "destination",
        DeliveryRequested::destination,
        Violation.Kind.DELIVERED_AWAY_FROM_DESTINATION);

    private final DeliveryStage stage;
    private final String place;
    private final Function<DeliveryRequested, GeoPoint> where;
    private final Violation.Kind violation;

    Stop(
        DeliveryStage stage,
        String place,
        Function<DeliveryRequested, GeoPoint> where,
        Violation.Kind violation) {
      this.stage = stage;
      this.place = place;
      this.where = where;
      this.violation = violation;
    }
  }

  @Override
  public String name() {
    return stop.stage.reason() + " at the " + stop.place;
  }

  @Override
  public Optional<Outcome> judge(DeliveryTimeline delivery, Recording recording) {
    return delivery
        .at(stop.stage)
        .map(
            event ->
                StageEvidence.judge(
                    event,
                    recording,
                    tolerances.maxTelemetryGap(),
                    (request, at) -> judge(event, stop.where.apply(request), at)));
  }

  private Outcome judge(DeliveryStatusChanged event, GeoPoint place, Whereabouts.Located at) {
    double away = at.pos().distanceKmTo(place);
    double tolerance = tolerances.stopToleranceKm(at.speedKmh());
    if (away <= tolerance) {
      return Outcome.PASSED;
    }
    return new Outcome.Violated(
        new Violation(
            stop.violation,
            event.deliveryId(),
            event.droneId(),
            String.format(
                Locale.ROOT,
                "%s at %s while the drone was %.3f km from the %s (tolerance %.3f km)",
                stop.stage.reason(),
                event.ts(),
                away,
                stop.place,
                tolerance)));
  }
}
