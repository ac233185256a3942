package dev.dronedispatch.model.story;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the topics hold about one delivery: its request, its status events and waiting reasons in
 * topic order, and the telemetry of each drone that held it, oldest first (only the drones whose
 * telemetry was read: none when the reader keeps no telemetry history).
 */
public record DeliveryRecords(
    String deliveryId,
    Optional<DeliveryRequested> request,
    List<DeliveryStatusChanged> statuses,
    List<DeliveryWaiting> waits,
    Map<String, List<DroneTelemetry>> telemetryByDrone) {

  public DeliveryRecords {
    statuses = List.copyOf(statuses);
    waits = List.copyOf(waits);
    telemetryByDrone = Map.copyOf(telemetryByDrone);
  }

  public boolean isEmpty() {
    return request.isEmpty() && statuses.isEmpty() && waits.isEmpty();
  }
}
