package dev.dronedispatch.ops.backlog;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ops.replay.ReplayQuery;
import dev.dronedispatch.ops.replay.TopicReplay;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@link BacklogTimeline} from the broker: every request on {@code deliveries.requested}
 * since {@code from}, against its first {@code assigned} (or {@code failed}) on {@code
 * deliveries.status} (read_committed).
 */
public final class BacklogHistory {

  private BacklogHistory() {}

  public static BacklogTimeline read(String bootstrapServers, Instant from) {
    TopicReplay replay = new TopicReplay(bootstrapServers);
    Optional<Instant> since = Optional.of(from);
    Map<String, Instant> requested = new HashMap<>();
    replay.replayValues(
        ReplayQuery.window(Topics.DELIVERIES_REQUESTED.name(), since, Optional.empty()),
        DeliveryRequested.class,
        r -> requested.putIfAbsent(r.id(), r.requestedAt()));
    BacklogTimeline timeline = new BacklogTimeline(requested);
    replay.replayValues(
        ReplayQuery.window(Topics.DELIVERIES_STATUS.name(), since, Optional.empty()),
        DeliveryStatusChanged.class,
        e -> {
          if ("assigned".equals(e.reason())) {
            timeline.assigned(e.deliveryId(), e.ts());
          } else if (e.status() == DeliveryStatus.FAILED) {
            timeline.failed(e.deliveryId(), e.ts());
          }
        });
    return timeline;
  }
}
