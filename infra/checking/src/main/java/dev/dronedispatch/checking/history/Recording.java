package dev.dronedispatch.checking.history;

import dev.dronedispatch.checking.fault.FaultEvent;
import dev.dronedispatch.checking.history.track.DroneTracks;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What was recorded over a window: the {@code deliveries.status} history in topic order, the
 * requests it refers to (their origin and destination, by delivery id), the drones' telemetry, and
 * what the faults a test injected meanwhile did.
 */
public record Recording(
    List<DeliveryStatusChanged> statuses,
    Map<String, DeliveryRequested> requests,
    DroneTracks tracks,
    List<FaultEvent> faults) {

  public Recording {
    statuses = List.copyOf(statuses);
    requests = Map.copyOf(requests);
    faults = List.copyOf(faults);
  }

  /** A recording without injected faults: a window of the running system, as ops audit reads. */
  public Recording(
      List<DeliveryStatusChanged> statuses,
      Map<String, DeliveryRequested> requests,
      DroneTracks tracks) {
    this(statuses, requests, tracks, List.of());
  }

  public static Recording of(
      Collection<DeliveryStatusChanged> statuses,
      Collection<DeliveryRequested> requests,
      Collection<DroneTelemetry> telemetry) {
    return new Recording(List.copyOf(statuses), byId(requests), DroneTracks.of(telemetry));
  }

  /** The requests by delivery id; a request published twice (a retried send) counts once. */
  private static Map<String, DeliveryRequested> byId(Collection<DeliveryRequested> requests) {
    return requests.stream()
        .collect(
            Collectors.toMap(DeliveryRequested::id, Function.identity(), (first, again) -> first));
  }

  /** The same recording, with what the faults of the run did. */
  public Recording withFaults(Collection<FaultEvent> injected) {
    return new Recording(statuses, requests, tracks, List.copyOf(injected));
  }

  public Optional<DeliveryRequested> request(String deliveryId) {
    return Optional.ofNullable(requests.get(deliveryId));
  }
}
