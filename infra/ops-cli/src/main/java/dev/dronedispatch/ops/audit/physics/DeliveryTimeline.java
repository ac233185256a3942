package dev.dronedispatch.ops.audit.physics;

import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One delivery's stages as recorded: the first event of each stage in topic order (a repeated
 * event, e.g. re-emitted after a restart, does not move the stage's time).
 */
public record DeliveryTimeline(
    String deliveryId, Map<DeliveryStage, DeliveryStatusChanged> firstOf) {

  public DeliveryTimeline {
    Map<DeliveryStage, DeliveryStatusChanged> copy = new EnumMap<>(DeliveryStage.class);
    copy.putAll(firstOf);
    firstOf = Collections.unmodifiableMap(copy);
  }

  /** The timelines of every delivery in {@code history}, in order of first appearance. */
  public static List<DeliveryTimeline> of(Collection<DeliveryStatusChanged> history) {
    Map<String, Map<DeliveryStage, DeliveryStatusChanged>> byDelivery = new LinkedHashMap<>();
    for (DeliveryStatusChanged e : history) {
      byDelivery
          .computeIfAbsent(e.deliveryId(), id -> new EnumMap<>(DeliveryStage.class))
          .putIfAbsent(e.stage(), e);
    }
    List<DeliveryTimeline> out = new ArrayList<>(byDelivery.size());
    byDelivery.forEach((id, stages) -> out.add(new DeliveryTimeline(id, stages)));
    return out;
  }

  public Optional<DeliveryStatusChanged> at(DeliveryStage stage) {
    return Optional.ofNullable(firstOf.get(stage));
  }
}
