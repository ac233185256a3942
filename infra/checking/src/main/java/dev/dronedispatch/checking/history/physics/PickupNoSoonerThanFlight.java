package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.checking.history.track.Whereabouts;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A pickup comes no sooner after the assignment (of the same attempt) than the drone could fly from
 * where it was at the assignment to the origin: (distance − position tolerance) ÷ (speed ×
 * acceleration), less one tick because positions are sampled once per tick.
 */
public record PickupNoSoonerThanFlight(PhysicsTolerances tolerances) implements DeliveryCheck {

  @Override
  public String name() {
    return "picked_up no sooner than the flight to the origin";
  }

  @Override
  public Optional<Outcome> judge(DeliveryTimeline delivery, Recording recording) {
    Optional<DeliveryStatusChanged> assigned = delivery.at(DeliveryStage.ASSIGNED);
    Optional<DeliveryStatusChanged> pickedUp = delivery.at(DeliveryStage.TO_DESTINATION);
    if (assigned.isEmpty() || pickedUp.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        StageEvidence.judge(
            assigned.get(),
            recording,
            tolerances.maxTelemetryGap(),
            (request, at) -> judge(assigned.get(), pickedUp.get(), request, at)));
  }

  private Outcome judge(
      DeliveryStatusChanged assigned,
      DeliveryStatusChanged pickedUp,
      DeliveryRequested request,
      Whereabouts.Located at) {
    double distanceKm = at.pos().distanceKmTo(request.origin());
    double toFlyKm = Math.max(0, distanceKm - tolerances.positionToleranceKm());
    if (toFlyKm == 0) {
      return Outcome.PASSED;
    }
    if (!(at.speedKmh() > 0)) {
      return new Outcome.Unverifiable(assigned.droneId() + " reports no speed");
    }
    double neededSeconds =
        tolerances.flightSeconds(toFlyKm, at.speedKmh()) - tolerances.tickSeconds();
    double tookSeconds = Duration.between(assigned.ts(), pickedUp.ts()).toNanos() / 1e9;
    if (tookSeconds >= neededSeconds) {
      return Outcome.PASSED;
    }
    return new Outcome.Violated(
        new Violation(
            Violation.Kind.PICKED_UP_TOO_SOON,
            assigned.deliveryId(),
            assigned.droneId(),
            String.format(
                Locale.ROOT,
                "picked_up %.3f s after assigned, but at the assignment the drone was %.3f km from"
                    + " the origin: at %.0f km/h × %s the flight takes at least %.3f s (one tick of"
                    + " slack included)",
                tookSeconds,
                distanceKm,
                at.speedKmh(),
                BigDecimal.valueOf(tolerances.timeAcceleration())
                    .stripTrailingZeros()
                    .toPlainString(),
                neededSeconds)));
  }
}
