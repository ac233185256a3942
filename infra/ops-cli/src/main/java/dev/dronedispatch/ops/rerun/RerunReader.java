package dev.dronedispatch.ops.rerun;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ops.replay.ReplayQuery;
import dev.dronedispatch.ops.replay.TopicReplay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a {@link RecordedWindow} from the topics ({@code read_committed}, no consumer group). */
public final class RerunReader {

  /** Telemetry and fleet events read before the window: every drone reports within it. */
  public static final Duration WARMUP = Duration.ofSeconds(30);

  /** Events read after the window: the decisions about its last requests. */
  public static final Duration SETTLE = Duration.ofSeconds(60);

  private final TopicReplay replay;

  public RerunReader(TopicReplay replay) {
    this.replay = replay;
  }

  /** The window {@code [from, to)}, read as the topics hold it at {@code now}. */
  public RecordedWindow read(Instant from, Instant to, Instant now) {
    Instant start = from.minus(WARMUP);
    Instant end = to.plus(SETTLE).isAfter(now) ? now : to.plus(SETTLE);
    List<DeliveryRequested> requests = new ArrayList<>();
    read(Topics.DELIVERIES_REQUESTED.name(), from, to, DeliveryRequested.class, requests);
    List<DroneTelemetry> telemetry = new ArrayList<>();
    read(Topics.DRONES_TELEMETRY.name(), start, end, DroneTelemetry.class, telemetry);
    List<FleetEvent> fleet = new ArrayList<>();
    read(Topics.FLEET_EVENTS.name(), start, end, FleetEvent.class, fleet);
    List<DeliveryStatusChanged> statuses = new ArrayList<>();
    read(Topics.DELIVERIES_STATUS.name(), from, end, DeliveryStatusChanged.class, statuses);
    return new RecordedWindow(start, from, to, end, requests, telemetry, fleet, statuses);
  }

  private <T> void read(String topic, Instant from, Instant to, Class<T> type, List<T> into) {
    replay.replayValues(
        ReplayQuery.window(topic, Optional.of(from), Optional.of(to)), type, into::add);
  }
}
