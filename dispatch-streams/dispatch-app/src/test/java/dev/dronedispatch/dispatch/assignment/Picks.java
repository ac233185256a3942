package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.time.Instant;

/** Test fixtures for picks. */
final class Picks {

  static final ZonesConfig ZONES = ZoneGrid.rome(2, 2);
  static final GeoPoint ORIGIN = new GeoPoint(41.93, 12.42);
  static final GeoPoint DEST = new GeoPoint(41.935, 12.43);

  private Picks() {}

  static DeliveryRequested delivery(GeoPoint origin, GeoPoint dest, WeightClass c) {
    return new DeliveryRequested("d1", origin, dest, 1, c, null, null, Instant.EPOCH);
  }

  static PickContext context() {
    return PickContext.of(delivery(ORIGIN, DEST, WeightClass.LIGHT), ZONES, Exclusions.NONE);
  }
}
