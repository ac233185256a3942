package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import java.util.List;
import java.util.stream.Stream;

/** One property of a recording that physics or causality demands. */
public sealed interface PhysicalCheck permits DeliveryCheck, DroneCheck {

  /** The property, as the report names it. */
  String name();

  /** An outcome per subject the property applies to. */
  Stream<Outcome> judge(List<DeliveryTimeline> deliveries, Recording recording);
}
