package dev.dronedispatch.gateway.drones;

import dev.dronedispatch.gateway.documents.Defect;
import dev.dronedispatch.gateway.documents.DocumentCheck;
import dev.dronedispatch.gateway.documents.DocumentKind;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.Bounds;
import java.util.Optional;

/**
 * Why a {@code drone:*} document is not a drone the API serves. A drone needs an id matching its
 * key (a copy under another key would be a second dot for one drone), a class, a known status and a
 * position inside the service area; the dashboard applies the same rule to what it hears.
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

  /** The defect of a decoded document stored under {@code key}, if any. Pure. */
  public static Optional<DroneDefect> of(String key, DroneDocument d, Bounds area) {
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
    if (!area.contains(d.pos())) {
      return Optional.of(POSITION_OUTSIDE_AREA);
    }
    return Optional.empty();
  }

  /** How {@code drone:*} documents are read, for a service area of {@code area}. */
  public static DocumentCheck<DroneDocument> check(Bounds area) {
    return new DocumentCheck<>(
        DocumentKind.DRONE, DroneDocument.class, UNDECODABLE, (key, d) -> of(key, d, area));
  }
}
