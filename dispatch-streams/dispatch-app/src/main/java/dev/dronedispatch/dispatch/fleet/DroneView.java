package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.PickupFix;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;

/**
 * What the dispatcher believes about one drone: the latest telemetry, with the status and delivery
 * of its own recent decisions laid over it while telemetry lags.
 */
public record DroneView(
    String id,
    WeightClass type,
    DroneStatus status,
    GeoPoint pos,
    double battery,
    double speedKmh,
    String currentDelivery,
    boolean atCharge,
    Leg leg,
    Instant ts,
    PickupFix pickup) {

  public static DroneView of(DroneTelemetry t) {
    return new DroneView(
        t.droneId(),
        t.type() == null ? WeightClass.LIGHT : t.type(),
        t.status() == null ? DroneStatus.INACTIVE : t.status(),
        t.pos(),
        t.battery(),
        t.speedKmh(),
        t.currentDelivery(),
        t.atCharge(),
        t.leg(),
        t.ts(),
        t.pickup());
  }

  public boolean isIdleAndFree() {
    return status == DroneStatus.IDLE && currentDelivery == null;
  }

  public DroneView withControl(DroneStatus newStatus, String delivery) {
    return new DroneView(
        id, type, newStatus, pos, battery, speedKmh, delivery, atCharge, leg, ts, pickup);
  }
}
