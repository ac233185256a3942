package dev.dronedispatch.checking.history.track;

import dev.dronedispatch.model.events.DroneTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every drone's track of a recorded {@code drones.telemetry} window. */
public final class DroneTracks {

  private final Map<String, DroneTrack> byDrone;

  private DroneTracks(Map<String, DroneTrack> byDrone) {
    // by id, so reports list drones in a stable order
    this.byDrone = Collections.unmodifiableMap(new TreeMap<>(byDrone));
  }

  public static DroneTracks of(Collection<DroneTelemetry> telemetry) {
    Builder builder = new Builder();
    telemetry.forEach(builder::add);
    return builder.build();
  }

  public Collection<DroneTrack> all() {
    return byDrone.values();
  }

  /** Where {@code droneId} was at {@code t}; see {@link DroneTrack#at}. */
  public Whereabouts whereabouts(String droneId, Instant t, Duration maxGap) {
    DroneTrack track = droneId == null ? null : byDrone.get(droneId);
    if (track == null) {
      return new Whereabouts.Unknown("no telemetry of " + droneId + " at all");
    }
    return track.at(t, maxGap);
  }

  /** Collects telemetry one record at a time, as a topic is read. */
  public static final class Builder {
    private final Map<String, List<TelemetrySample>> samples = new HashMap<>();

    /** Adds one record; one without a drone, a time or a position tells nothing and is skipped. */
    public Builder add(DroneTelemetry record) {
      if (record.droneId() != null && record.ts() != null && record.pos() != null) {
        samples
            .computeIfAbsent(record.droneId(), id -> new ArrayList<>())
            .add(TelemetrySample.of(record));
      }
      return this;
    }

    public DroneTracks build() {
      Map<String, DroneTrack> tracks = new HashMap<>();
      samples.forEach((id, list) -> tracks.put(id, new DroneTrack(id, list)));
      return new DroneTracks(tracks);
    }
  }
}
