package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.StatusEvents;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt at a delivery as recorded: the first event of each stage in topic order (a repeated
 * event, e.g. re-emitted after a restart, does not move the stage's time). A hand-back ends an
 * attempt and the delivery's next events are another attempt's, likely on another drone: judged
 * together, one drone's assignment would be set against another's pickup.
 */
public record DeliveryTimeline(
    String deliveryId, Map<DeliveryStage, DeliveryStatusChanged> firstOf) {

  public DeliveryTimeline {
    Map<DeliveryStage, DeliveryStatusChanged> copy = new EnumMap<>(DeliveryStage.class);
    copy.putAll(firstOf);
    firstOf = Collections.unmodifiableMap(copy);
  }

  /** The timelines of every attempt in {@code history}, in order of their first event. */
  public static List<DeliveryTimeline> of(Collection<DeliveryStatusChanged> history) {
    List<Map.Entry<String, Map<DeliveryStage, DeliveryStatusChanged>>> attempts = new ArrayList<>();
    Map<String, Map<DeliveryStage, DeliveryStatusChanged>> current = new HashMap<>();
    for (DeliveryStatusChanged e : history) {
      Map<DeliveryStage, DeliveryStatusChanged> attempt = current.get(e.deliveryId());
      if (attempt == null) {
        attempt = new EnumMap<>(DeliveryStage.class);
        current.put(e.deliveryId(), attempt);
        attempts.add(Map.entry(e.deliveryId(), attempt));
      }
      attempt.putIfAbsent(e.stage(), e);
      if (StatusEvents.isHandBack(e)) {
        current.remove(e.deliveryId()); // the delivery's next event starts another attempt
      }
    }
    return attempts.stream().map(a -> new DeliveryTimeline(a.getKey(), a.getValue())).toList();
  }

  public Optional<DeliveryStatusChanged> at(DeliveryStage stage) {
    return Optional.ofNullable(firstOf.get(stage));
  }
}
