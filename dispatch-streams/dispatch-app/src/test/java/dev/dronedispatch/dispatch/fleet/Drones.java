package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.List;

/** Test fixtures: drone views and documents. */
public final class Drones {

  public static final GeoPoint ROME = new GeoPoint(41.90, 12.48);

  private Drones() {}

  public static DroneView view(
      String id, WeightClass type, DroneStatus status, GeoPoint pos, double battery) {
    return new DroneView(
        id, type, status, pos, battery, 50, null, false, null, Instant.EPOCH, null);
  }

  public static DroneView idle(String id, GeoPoint pos, double battery) {
    return view(id, WeightClass.LIGHT, DroneStatus.IDLE, pos, battery);
  }

  public static DroneDocument doc(String id, DroneStatus status, String delivery) {
    return new DroneDocument(
        id, WeightClass.LIGHT, status, 80, ROME, 50, delivery, 0, List.of(), false);
  }

  public static GeoPoint north(GeoPoint p, double km) {
    return new GeoPoint(p.lat() + km / 111.195, p.lon());
  }
}
