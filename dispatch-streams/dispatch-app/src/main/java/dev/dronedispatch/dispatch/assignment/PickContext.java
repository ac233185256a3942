package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.Optional;

/**
 * One pick's fixed facts: the delivery, the class being searched, the origin's zone, the trip
 * length every candidate shares (origin → destination → nearest charger), the drones to skip. Not
 * thread-safe: it remembers the last distance computed so filters and ranking share it.
 */
public final class PickContext {

  private final DeliveryRequested delivery;
  private final WeightClass packageClass;
  private final WeightClass carrierClass;
  private final ZonesConfig zones;
  private final Optional<String> originZone;
  private final double tripKm;
  private final Exclusions excluded;
  private String lastDrone;
  private GeoPoint lastPos;
  private double lastKm;

  private PickContext(
      DeliveryRequested delivery,
      WeightClass packageClass,
      WeightClass carrierClass,
      ZonesConfig zones,
      Optional<String> originZone,
      double tripKm,
      Exclusions excluded) {
    this.delivery = delivery;
    this.packageClass = packageClass;
    this.carrierClass = carrierClass;
    this.zones = zones;
    this.originZone = originZone;
    this.tripKm = tripKm;
    this.excluded = excluded;
  }

  public static PickContext of(DeliveryRequested d, ZonesConfig zones, Exclusions excluded) {
    WeightClass pkg = d.weightClass() != null ? d.weightClass() : WeightClass.forWeight(d.weight());
    GeoPoint charger = zones.nearestCharger(d.destination());
    double trip =
        Haversine.distanceKm(d.origin(), d.destination())
            + Haversine.distanceKm(d.destination(), charger);
    return new PickContext(d, pkg, pkg, zones, zones.zoneNameOf(d.origin()), trip, excluded);
  }

  /** The same pick searching drones of a (larger) carrier class. */
  public PickContext forCarrier(WeightClass carrier) {
    return new PickContext(delivery, packageClass, carrier, zones, originZone, tripKm, excluded);
  }

  public DeliveryRequested delivery() {
    return delivery;
  }

  public GeoPoint origin() {
    return delivery.origin();
  }

  public WeightClass packageClass() {
    return packageClass;
  }

  public WeightClass carrierClass() {
    return carrierClass;
  }

  public ZonesConfig zones() {
    return zones;
  }

  public Optional<String> originZone() {
    return originZone;
  }

  public double tripKm() {
    return tripKm;
  }

  public Exclusions excluded() {
    return excluded;
  }

  /** Great-circle km from the drone to the delivery's origin (infinite without a position). */
  public double distanceToOriginKm(DroneView drone) {
    if (drone.pos() == null) {
      return Double.POSITIVE_INFINITY;
    }
    if (drone.id().equals(lastDrone) && drone.pos().equals(lastPos)) {
      return lastKm;
    }
    lastDrone = drone.id();
    lastPos = drone.pos();
    lastKm = Haversine.distanceKm(drone.pos(), delivery.origin());
    return lastKm;
  }
}
