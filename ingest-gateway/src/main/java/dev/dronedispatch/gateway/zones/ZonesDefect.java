package dev.dronedispatch.gateway.zones;

import dev.dronedispatch.gateway.documents.DocumentCheck;
import dev.dronedispatch.model.documents.Defect;
import dev.dronedispatch.model.documents.DocumentKind;
import dev.dronedispatch.model.zones.Zone;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.Optional;

/**
 * Why {@code zones_config} is not a zones configuration the gateway can compute zones with: it
 * needs the service area and at least one zone, each with a name, bounds and a charge point.
 */
public enum ZonesDefect implements Defect {
  /** Not a zones document: not a JSON object of that shape, no zone list or adjacency. */
  UNDECODABLE,
  BOUNDS_MISSING,
  NO_ZONES,
  /** A zone without a name, bounds or charge point. */
  ZONE_INCOMPLETE;

  /** How {@code zones_config} is read. */
  public static final DocumentCheck<ZonesConfig> CHECK =
      new DocumentCheck<>(DocumentKind.ZONES, ZonesConfig.class, UNDECODABLE, ZonesDefect::of);

  /** The defect of a decoded zones document, if any. Pure. */
  public static Optional<ZonesDefect> of(String key, ZonesConfig z) {
    if (z.bounds() == null) {
      return Optional.of(BOUNDS_MISSING);
    }
    if (z.zones().isEmpty()) {
      return Optional.of(NO_ZONES);
    }
    for (Zone zone : z.zones()) {
      if (zone.name() == null || zone.bounds() == null || zone.charge() == null) {
        return Optional.of(ZONE_INCOMPLETE);
      }
    }
    return Optional.empty();
  }
}
