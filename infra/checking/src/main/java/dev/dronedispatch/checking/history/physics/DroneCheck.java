package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import dev.dronedispatch.checking.history.track.DroneTrack;
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
