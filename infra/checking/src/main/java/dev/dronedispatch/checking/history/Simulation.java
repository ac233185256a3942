package dev.dronedispatch.checking.history;

import dev.dronedispatch.checking.history.physics.PhysicsTolerances;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records histories the way the running system makes them: one drone flying tick by tick as the
 * simulator does (straight at its speed × acceleration, a tick at the origin to load the parcel),
 * and status events stamped by the dispatcher a little after the telemetry that justifies them.
 * Tests break one property at a time on top of it.
 */
public final class Simulation {

  public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  public static final GeoPoint HOME = new GeoPoint(41.90, 12.49);
  public static final double SPEED_KMH = 72;
  public static final PhysicsTolerances TOLERANCES = PhysicsTolerances.defaults(10);

  /** How long after a telemetry record the dispatcher stamps the event it justifies. */
  public static final Duration DISPATCH_LAG = Duration.ofMillis(30);

  public final String drone;
  private final List<DroneTelemetry> telemetry = new ArrayList<>();
  private final List<DeliveryStatusChanged> statuses = new ArrayList<>();
  private final List<DeliveryRequested> requests = new ArrayList<>();
  private GeoPoint pos;
  private double battery = 100;
  private final Instant start;
  private Instant now;
  private long seq;

  public Simulation(String drone, GeoPoint start) {
    this(drone, start, T0);
  }

  /** A drone at {@code position} from {@code start} on (its first record is a tick later). */
  public Simulation(String drone, GeoPoint position, Instant start) {
    this.drone = drone;
    this.pos = position;
    this.start = start;
    this.now = start;
    tick();
  }

  /** {@code km} north of {@code p} (one degree of latitude is 111.195 km on the model's sphere). */
  public static GeoPoint north(GeoPoint p, double km) {
    return new GeoPoint(p.lat() + Math.toDegrees(km / Haversine.EARTH_RADIUS_KM), p.lon());
  }

  public GeoPoint pos() {
    return pos;
  }

  public Instant now() {
    return now;
  }

  /** One simulator tick: the clock advances and the drone's record is published. */
  public Simulation tick() {
    now = now.plusNanos(Math.round(TOLERANCES.tickSeconds() * 1e9));
    publish(pos, battery, now);
    return this;
  }

  public Simulation hover(int ticks) {
    for (int i = 0; i < ticks; i++) {
      tick();
    }
    return this;
  }

  /** Flies straight to {@code target} at full speed, one record per tick, landing on it. */
  public Simulation flyTo(GeoPoint target) {
    double reachKm = TOLERANCES.flightPerTickKm(SPEED_KMH);
    while (!pos.equals(target)) {
      double leftKm = pos.distanceKmTo(target);
      pos = leftKm <= reachKm ? target : pos.towards(target, reachKm / leftKm);
      battery -= 2 * Math.min(leftKm, reachKm);
      tick();
    }
    return this;
  }

  /** A whole delivery as the system records it when all is well. */
  public Simulation deliver(String id, GeoPoint origin, GeoPoint destination) {
    pickUp(id, origin, destination).flyTo(destination);
    status(id, DeliveryStatus.DELIVERED, null, afterLastRecord());
    return hover(2);
  }

  /**
   * A delivery as the system records it up to its pickup: assigned, flown to the origin, loaded.
   */
  public Simulation pickUp(String id, GeoPoint origin, GeoPoint destination) {
    setOff(id, origin, destination).flyTo(origin);
    tick(); // loads the parcel where it stands, takes off on the next tick
    status(id, DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, afterLastRecord());
    return this;
  }

  /** A delivery as the system records it when its drone takes it on: assigned, then in flight. */
  public Simulation setOff(String id, GeoPoint origin, GeoPoint destination) {
    request(id, origin, destination);
    status(id, DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, afterLastRecord());
    tick();
    return status(id, DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, afterLastRecord());
  }

  /** The drone was lost before the pickup: the delivery goes back to pending (a hand-back). */
  public Simulation handBack(String id) {
    return event(id, DeliveryStatus.PENDING, null, afterLastRecord(), DeliveryDocument.DRONE_LOST);
  }

  /** The delivery failed for {@code reason}, naming this drone. */
  public Simulation fail(String id, String reason) {
    return event(id, DeliveryStatus.FAILED, null, afterLastRecord(), reason);
  }

  /**
   * The defect seen on the running system: the delivery is assigned and recorded picked up 0.1 s
   * later while the drone stays where it is.
   */
  public Simulation pickUpAtOnce(String id, GeoPoint origin, GeoPoint destination) {
    request(id, origin, destination);
    Instant assigned = afterLastRecord();
    status(id, DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, assigned);
    status(id, DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, assigned.plusMillis(50));
    status(id, DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, assigned.plusMillis(100));
    return hover(3);
  }

  public Simulation request(String id, GeoPoint origin, GeoPoint destination) {
    requests.add(
        new DeliveryRequested(
            id, origin, destination, 1.0, WeightClass.LIGHT, "zone 0", "zone 1", now));
    return this;
  }

  public Simulation status(String id, DeliveryStatus status, Leg leg, Instant ts) {
    return event(id, status, leg, ts, null);
  }

  private Simulation event(String id, DeliveryStatus status, Leg leg, Instant ts, String reason) {
    statuses.add(new DeliveryStatusChanged(id, status, drone, leg, ts, start, reason, null));
    return this;
  }

  /** A record of this drone outside the simulated flight (a second publisher, a bad battery). */
  public Simulation publish(GeoPoint at, double batteryLevel, Instant ts) {
    telemetry.add(
        new DroneTelemetry(
            drone,
            WeightClass.LIGHT,
            DroneStatus.BUSY,
            at,
            batteryLevel,
            false,
            null,
            null,
            SPEED_KMH,
            ++seq,
            ts));
    return this;
  }

  /** When the dispatcher stamps an event justified by the latest record. */
  public Instant afterLastRecord() {
    return now.plus(DISPATCH_LAG);
  }

  public List<DeliveryStatusChanged> statuses() {
    return List.copyOf(statuses);
  }

  public List<DroneTelemetry> telemetry() {
    return List.copyOf(telemetry);
  }

  public List<DeliveryRequested> requests() {
    return List.copyOf(requests);
  }

  public Recording recording() {
    return Recording.of(statuses, requests, telemetry);
  }

  /**
   * The recording of several drones, each simulation's statuses after the previous one's (a
   * delivery one drone handed back, then another carried).
   */
  public static Recording recording(Simulation... drones) {
    List<DeliveryStatusChanged> statuses = new ArrayList<>();
    List<DeliveryRequested> requests = new ArrayList<>();
    List<DroneTelemetry> telemetry = new ArrayList<>();
    for (Simulation sim : drones) {
      statuses.addAll(sim.statuses);
      requests.addAll(sim.requests);
      telemetry.addAll(sim.telemetry);
    }
    return Recording.of(statuses, requests, telemetry);
  }

  /** The same recording without any telemetry around {@code [from, to]}. */
  public Recording recordingWithoutTelemetry(Instant from, Instant to) {
    return Recording.of(
        statuses,
        requests,
        telemetry.stream().filter(t -> t.ts().isBefore(from) || t.ts().isAfter(to)).toList());
  }
}
