package dev.dronedispatch.ops.replay;

import dev.dronedispatch.checking.history.Recording;
import dev.dronedispatch.checking.history.track.DroneTracks;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what an audit of a window needs: the {@code deliveries.status} history of the window, the
 * {@code deliveries.requested} records of the deliveries it names (from the earliest {@code
 * requested_at} on, since a delivery of the window may have been requested before it), and the
 * {@code drones.telemetry} of the window widened by {@code telemetryMargin} each side, so the
 * events at its edges have records around them.
 */
public final class RecordingReader {

  /** The recording and how many records of each topic were read. */
  public record Read(
      Recording recording,
      TopicReplay.Count statuses,
      TopicReplay.Count requests,
      TopicReplay.Count telemetry) {}

  private final TopicReplay replay;

  public RecordingReader(TopicReplay replay) {
    this.replay = replay;
  }

  public Read read(Optional<Instant> from, Optional<Instant> to, Duration telemetryMargin) {
    List<DeliveryStatusChanged> statuses = new ArrayList<>();
    TopicReplay.Count statusCount =
        replay.replayValues(
            ReplayQuery.window(Topics.DELIVERIES_STATUS.name(), from, to),
            DeliveryStatusChanged.class,
            statuses::add);

    Set<String> deliveries = new HashSet<>();
    statuses.forEach(e -> deliveries.add(e.deliveryId()));
    Optional<Instant> firstRequest =
        statuses.stream()
            .map(DeliveryStatusChanged::requestedAt)
            .filter(Objects::nonNull)
            .min(Instant::compareTo);
    Map<String, DeliveryRequested> requests = new HashMap<>();
    TopicReplay.Count requestCount =
        replay.replayValues(
            ReplayQuery.window(Topics.DELIVERIES_REQUESTED.name(), firstRequest.or(() -> from), to),
            DeliveryRequested.class,
            r -> {
              if (deliveries.contains(r.id())) {
                requests.putIfAbsent(r.id(), r);
              }
            });

    DroneTracks.Builder tracks = new DroneTracks.Builder();
    TopicReplay.Count telemetryCount =
        replay.replayValues(
            ReplayQuery.window(
                Topics.DRONES_TELEMETRY.name(),
                from.map(t -> t.minus(telemetryMargin)),
                to.map(t -> t.plus(telemetryMargin))),
            DroneTelemetry.class,
            tracks::add);

    return new Read(
        new Recording(statuses, requests, tracks.build()),
        statusCount,
        requestCount,
        telemetryCount);
  }
}
