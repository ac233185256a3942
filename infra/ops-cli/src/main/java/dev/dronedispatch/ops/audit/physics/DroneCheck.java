package dev.dronedispatch.ops.audit.physics;

import dev.dronedispatch.ops.audit.Recording;
import dev.dronedispatch.ops.audit.track.DroneTrack;
import java.util.List;
import java.util.stream.Stream;

/** A property of each drone's telemetry on its own. */
public sealed interface DroneCheck extends PhysicalCheck
    permits BatteryNeverNegative, OneDroneOnePlace {

  Outcome judge(DroneTrack track);

  @Override
  default Stream<Outcome> judge(List<DeliveryTimeline> deliveries, Recording recording) {
    return recording.tracks().all().stream().map(this::judge);
  }
}
