package dev.dronedispatch.model;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.events.PickupFix;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic example of every event and document, shared by the serialisation tests. */
public final class Samples {

  public static final Instant T0 = Instant.parse("2026-11-23T10:15:30.250Z");

  private Samples() {}

  public static DeliveryRequested requested() {
    return new DeliveryRequested(
        "6f1c2a9e-1d7b-4c55-9a7e-0b8f3f4d2c11",
        new GeoPoint(41.9021, 12.4964),
        new GeoPoint(41.8531, 12.4421),
        2.5,
        WeightClass.LIGHT,
        "zone 1",
        "zone 2",
        T0);
  }

  public static DeliveryDocument deliveryDocument() {
    return DeliveryDocument.pending(requested())
        .assigned("drone-7", T0.plusMillis(180))
        .inFlight(T0.plusSeconds(1))
        .pickedUp(T0.plusSeconds(42));
  }

  /** The picked-up delivery, failed: its drone was lost with the parcel on board. */
  public static DeliveryDocument failedDeliveryDocument() {
    return deliveryDocument().failed(T0.plusSeconds(95), DeliveryDocument.DRONE_LOST);
  }

  public static DeliveryStatusChanged failed() {
    return new DeliveryStatusChanged(
        requested().id(),
        DeliveryStatus.FAILED,
        "drone-7",
        null,
        T0.plusSeconds(95),
        T0,
        DeliveryDocument.DRONE_LOST,
        null);
  }

  public static DroneDocument droneDocument() {
    return new DroneDocument(
        "drone-7",
        WeightClass.LIGHT,
        DroneStatus.BUSY,
        81.5,
        new GeoPoint(41.9011, 12.4950),
        60.0,
        requested().id(),
        1,
        List.of("0b6e1d2a-6a55-4c1e-a7a0-3f1f0a3c9d10"),
        false);
  }

  public static DroneTelemetry telemetry() {
    return new DroneTelemetry(
        "drone-7",
        WeightClass.LIGHT,
        DroneStatus.BUSY,
        new GeoPoint(41.9011, 12.4950),
        81.5,
        false,
        requested().id(),
        Leg.TO_DESTINATION,
        60.0,
        1042,
        T0.plusSeconds(43),
        new PickupFix(new GeoPoint(41.9021, 12.4964), T0.plusSeconds(42)));
  }

  public static DeliveryStatusChanged assigned() {
    return new DeliveryStatusChanged(
        requested().id(),
        DeliveryStatus.ASSIGNED,
        "drone-7",
        Leg.TO_ORIGIN,
        T0.plusMillis(180),
        T0,
        "assigned",
        new AssignmentDecision(
            12,
            Map.of("not_idle", 5, "battery_critical", 4, "energy_infeasible", 1),
            new AssignmentDecision.RankKeys("drone-7", 0.31, 1, 0, 81.5, 60.0, null),
            List.of(
                new AssignmentDecision.RankKeys("drone-12", 0.35, 1, 1, 64.0, 60.0, "zone"),
                new AssignmentDecision.RankKeys(
                    "drone-3", 0.52, 2, 0, 90.0, 60.0, "distance_bucket"))));
  }

  public static DeliveryWaiting waiting() {
    return new DeliveryWaiting(
        requested().id(),
        "no_battery_for_trip",
        T0.plusMillis(40),
        T0,
        3,
        Map.of("energy_infeasible", 2, "battery_critical", 1));
  }

  public static FleetEvent fleetEvent() {
    return new FleetEvent(
        "drone-9", DroneStatus.IDLE, DroneStatus.CHARGING, "charge:battery_critical", T0);
  }
}
