package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A property of each attempt at a delivery ({@link DeliveryTimeline}). */
public sealed interface DeliveryCheck extends PhysicalCheck
    permits AtTheStop, PickupNoSoonerThanFlight, StageTimesInOrder {

  /** The outcome for the attempt {@code delivery}, or empty when the property does not apply. */
  Optional<Outcome> judge(DeliveryTimeline delivery, Recording recording);

  @Override
  default Stream<Outcome> judge(List<DeliveryTimeline> deliveries, Recording recording) {
    return deliveries.stream().flatMap(d -> judge(d, recording).stream());
  }
}
