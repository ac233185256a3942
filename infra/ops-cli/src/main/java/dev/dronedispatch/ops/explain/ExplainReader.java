package dev.dronedispatch.ops.explain;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.story.DeliveryRecords;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ops.replay.ReplayQuery;
import dev.dronedispatch.ops.replay.TopicReplay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads one delivery's records: its key's partition of {@code deliveries.requested}, {@code
 * deliveries.status} and {@code dispatch.decisions} (from {@code from} on, or the topics' start),
 * then the telemetry of each drone that held it, from the request to {@code margin} after its last
 * event.
 */
public final class ExplainReader {

  private final TopicReplay replay;
  private final Duration margin;

  public ExplainReader(TopicReplay replay, Duration margin) {
    this.replay = replay;
    this.margin = margin;
  }

  public DeliveryRecords read(String deliveryId, Optional<Instant> from) {
    List<DeliveryRequested> requests = new ArrayList<>();
    replay.replayValues(
        byKey(Topics.DELIVERIES_REQUESTED.name(), deliveryId, from),
        DeliveryRequested.class,
        requests::add);
    List<DeliveryStatusChanged> statuses = new ArrayList<>();
    replay.replayValues(
        byKey(Topics.DELIVERIES_STATUS.name(), deliveryId, from),
        DeliveryStatusChanged.class,
        statuses::add);
    List<DeliveryWaiting> waits = new ArrayList<>();
    replay.replayValues(
        byKey(Topics.DISPATCH_DECISIONS.name(), deliveryId, from),
        DeliveryWaiting.class,
        waits::add);

    Set<String> drones = new LinkedHashSet<>();
    statuses.stream()
        .map(DeliveryStatusChanged::droneId)
        .filter(d -> d != null)
        .forEach(drones::add);
    Map<String, List<DroneTelemetry>> telemetry = new LinkedHashMap<>();
    Optional<Instant> first =
        Stream.concat(
                requests.stream().map(DeliveryRequested::requestedAt),
                statuses.stream().map(DeliveryStatusChanged::ts))
            .filter(t -> t != null)
            .min(Comparator.naturalOrder());
    Optional<Instant> last =
        statuses.stream()
            .map(DeliveryStatusChanged::ts)
            .filter(t -> t != null)
            .max(Comparator.naturalOrder());
    for (String drone : drones) {
      List<DroneTelemetry> track = new ArrayList<>();
      replay.replayValues(
          new ReplayQuery(
              Topics.DRONES_TELEMETRY.name(),
              first.map(t -> t.minus(margin)),
              last.map(t -> t.plus(margin)),
              Optional.empty(),
              Optional.empty(),
              Optional.of(drone),
              Long.MAX_VALUE),
          DroneTelemetry.class,
          track::add);
      track.sort(
          Comparator.comparing(
              DroneTelemetry::ts, Comparator.nullsFirst(Comparator.naturalOrder())));
      telemetry.put(drone, track);
    }
    return new DeliveryRecords(
        deliveryId, requests.stream().findFirst(), statuses, waits, telemetry);
  }

  private static ReplayQuery byKey(String topic, String key, Optional<Instant> from) {
    return new ReplayQuery(
        topic,
        from,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(key),
        Long.MAX_VALUE);
  }
}
