package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import dev.dronedispatch.checking.history.track.Whereabouts;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * What a stage event is judged against: its delivery's request (origin, destination) and where its
 * drone was at the event's time. Without either the event is unverifiable.
 */
final class StageEvidence {

  private StageEvidence() {}

  static Outcome judge(
      DeliveryStatusChanged event,
      Recording recording,
      Duration maxTelemetryGap,
      BiFunction<DeliveryRequested, Whereabouts.Located, Outcome> judge) {
    return recording
        .request(event.deliveryId())
        .map(
            request ->
                recording
                    .tracks()
                    .whereabouts(event.droneId(), event.ts(), maxTelemetryGap)
                    .<Outcome>fold(
                        at -> judge.apply(request, at),
                        unknown -> new Outcome.Unverifiable(unknown.why())))
        .orElseGet(
            () ->
                new Outcome.Unverifiable(
                    "no deliveries.requested record of " + event.deliveryId()));
  }
}
