package dev.dronedispatch.ops.rerun;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import java.time.Instant;
import java.util.List;

/**
 * What a rerun replays: the requests made in {@code [from, to)}, and from {@code start} (before
 * {@code from}, so every drone has reported) to {@code end} (up to {@link RerunReader#SETTLE} after
 * {@code to}, so the decisions about the window's last requests are in, and never after the time it
 * was read) the telemetry, the fleet events and the status events.
 */
public record RecordedWindow(
    Instant start,
    Instant from,
    Instant to,
    Instant end,
    List<DeliveryRequested> requests,
    List<DroneTelemetry> telemetry,
    List<FleetEvent> fleetEvents,
    List<DeliveryStatusChanged> statuses) {

  public RecordedWindow {
    requests = List.copyOf(requests);
    telemetry = List.copyOf(telemetry);
    fleetEvents = List.copyOf(fleetEvents);
    statuses = List.copyOf(statuses);
  }
}
