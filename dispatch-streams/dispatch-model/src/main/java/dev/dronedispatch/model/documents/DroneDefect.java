package dev.dronedispatch.model.documents;

import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.Bounds;
import java.util.Optional;

/**
 * Why a {@code drone:*} document is not a drone the gateway serves or the dispatcher acts on. A
 * drone needs an id matching its key (a copy under another key would be a second dot for one
 * drone), a class, a known status and a position inside the service area; the dashboard applies the
 * same rule to what it hears.
 */
public enum DroneDefect implements Defect {
  /** Not a drone document at all: not JSON of that shape, an unknown status or class, NaN. */
  UNDECODABLE,
  ID_MISSING,
  ID_NOT_THE_KEY,
  TYPE_MISSING,
  STATUS_MISSING,
  POSITION_MISSING,
  POSITION_OUTSIDE_AREA;

  /**
   * The defect of a decoded document stored under {@code key}, if any, by the fields a drone needs
   * (the dispatcher's rule: it reads positions outside the area too). Pure.
   */
  public static Optional<DroneDefect> of(String key, DroneDocument d) {
    if (d.id() == null || d.id().isBlank()) {
      return Optional.of(ID_MISSING);
    }
    if (!KvKeys.drone(d.id()).equals(key)) {
      return Optional.of(ID_NOT_THE_KEY);
    }
    if (d.type() == null) {
      return Optional.of(TYPE_MISSING);
    }
    if (d.status() == null) {
      return Optional.of(STATUS_MISSING);
    }
    if (d.pos() == null) {
      return Optional.of(POSITION_MISSING);
    }
    return Optional.empty();
  }

  /** {@link #of(String, DroneDocument)}, and the position inside {@code area} (the API's rule). */
  public static Optional<DroneDefect> of(String key, DroneDocument d, Bounds area) {
    return of(key, d)
        .or(() -> area.contains(d.pos()) ? Optional.empty() : Optional.of(POSITION_OUTSIDE_AREA));
  }
}
