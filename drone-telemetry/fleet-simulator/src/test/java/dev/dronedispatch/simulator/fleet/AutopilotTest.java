package dev.dronedispatch.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.PickupFix;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.simulator.physics.PhysicsSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutopilotTest {

  private static final ZonesConfig ZONES = ZoneGrid.rome(2, 2);
  private static final PhysicsSettings PHYSICS = new PhysicsSettings(2.0, 1.0, 0.02);
  private static final Autopilot PILOT = new Autopilot(PHYSICS, ZONES);
  private static final GeoPoint START = new GeoPoint(41.935, 12.4275);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final GeoPoint ORIGIN = new GeoPoint(41.92, 12.45);
  private static final GeoPoint DESTINATION = new GeoPoint(41.85, 12.55);

  private static DroneState drone(DroneStatus status, GeoPoint pos, double battery) {
    return new DroneState(
        "drone-1", WeightClass.LIGHT, 72, status, pos, battery, false, Optional.empty());
  }

  @Test
  void busyDroneFliesToTheOriginLoadsThereAndFliesToTheDestinationThenHovers() {
    Mission mission = Mission.toOrigin("d-1", ORIGIN, DESTINATION);
    DroneState d = drone(DroneStatus.BUSY, START, 100).withMission(Optional.of(mission));
    List<DroneState> track = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      d = PILOT.step(d, 10, NOW.plusSeconds(i));
      track.add(d);
    }
    int atOrigin = indexOf(track, ORIGIN);
    int atDestination = indexOf(track, DESTINATION);
    assertThat(atOrigin).isPositive();
    assertThat(track.get(atOrigin).mission().orElseThrow().leg()).isEqualTo(Leg.TO_ORIGIN);
    assertThat(track.get(atOrigin).mission().orElseThrow().pickup()).isEmpty();
    DroneState loading = track.get(atOrigin + 1);
    assertThat(loading.pos()).as("the pickup tick is spent at the origin").isEqualTo(ORIGIN);
    assertThat(loading.mission().orElseThrow().leg()).isEqualTo(Leg.TO_DESTINATION);
    assertThat(loading.mission().orElseThrow().pickup())
        .contains(new PickupFix(ORIGIN, NOW.plusSeconds(atOrigin + 1)));
    assertThat(Haversine.distanceKm(track.get(atOrigin + 2).pos(), ORIGIN)).isPositive();
    assertThat(atDestination).isGreaterThan(atOrigin);
    DroneState last = track.get(track.size() - 1);
    assertThat(last.pos()).isEqualTo(DESTINATION);
    assertThat(last.mission().orElseThrow().leg()).isEqualTo(Leg.TO_DESTINATION);
    double km = Haversine.distanceKm(START, ORIGIN) + Haversine.distanceKm(ORIGIN, DESTINATION);
    assertThat(last.battery()).isCloseTo(100 - 2.0 * km, within(0.1));
  }

  @Test
  void busyDroneWithoutAKnownMissionHovers() {
    DroneState d = drone(DroneStatus.BUSY, START, 70);

    assertThat(PILOT.step(d, 10, NOW)).isEqualTo(d);
  }

  @Test
  void idleAndInactiveDronesNeitherMoveNorDrain() {
    for (DroneStatus s : List.of(DroneStatus.IDLE, DroneStatus.INACTIVE)) {
      DroneState d = drone(s, ORIGIN, 55);
      DroneState next = PILOT.step(d, 100, NOW);
      assertThat(next.pos()).isEqualTo(ORIGIN);
      assertThat(next.battery()).isEqualTo(55);
      assertThat(next.atCharge()).isFalse();
    }
  }

  @Test
  void aLostDroneFliesBackToTheNearestCharger() {
    GeoPoint charger = ZONES.nearestCharger(ORIGIN);
    DroneState d = drone(DroneStatus.LOST, ORIGIN, 40);
    int ticks = 0;
    while (!d.atCharge() && ticks++ < 100) {
      d = PILOT.step(d, 10, NOW);
    }
    assertThat(d.atCharge()).isTrue();
    assertThat(d.pos()).isEqualTo(charger);
  }

  @Test
  void chargingDroneFliesToTheNearestChargerThenChargesThere() {
    GeoPoint charger = ZONES.nearestCharger(ORIGIN);
    DroneState d = drone(DroneStatus.CHARGING, ORIGIN, 40);
    int ticks = 0;
    while (!d.atCharge() && ticks++ < 100) {
      d = PILOT.step(d, 10, NOW);
    }
    assertThat(d.atCharge()).isTrue();
    assertThat(d.pos()).isEqualTo(charger);
    double afterFlight = 40 - 2.0 * Haversine.distanceKm(ORIGIN, charger);
    assertThat(d.battery()).isCloseTo(afterFlight + 10, within(0.05));

    DroneState charged = PILOT.step(d, 20, NOW);
    assertThat(charged.battery()).isCloseTo(d.battery() + 20, within(1e-9));
    assertThat(charged.atCharge()).isTrue();
  }

  @Test
  void retiringDroneAlsoSeeksAChargerAndLeavingChargingClearsAtCharge() {
    GeoPoint charger = ZONES.nearestCharger(START);
    DroneState d = drone(DroneStatus.RETIRING, charger, 10);
    d = PILOT.step(d, 5, NOW);
    assertThat(d.atCharge()).isTrue();
    assertThat(d.battery()).isCloseTo(15, within(1e-9));

    DroneState idle = PILOT.step(d.withStatus(DroneStatus.IDLE), 5, NOW);
    assertThat(idle.atCharge()).isFalse();
    assertThat(idle.battery()).isCloseTo(15, within(1e-9));
  }

  @Test
  void droneAtZeroPercentStopsAndIsReportedStranded() {
    Mission mission = Mission.toOrigin("d-1", ORIGIN, DESTINATION).pickedUp(ORIGIN, NOW);
    DroneState d = drone(DroneStatus.BUSY, ORIGIN, 1.0).withMission(Optional.of(mission));

    DroneState next = PILOT.step(d, 3600, NOW);
    assertThat(next.battery()).isZero();
    assertThat(next.stranded()).isTrue();
    assertThat(Haversine.distanceKm(ORIGIN, next.pos())).isCloseTo(0.5, within(0.005));

    assertThat(PILOT.step(next, 3600, NOW).pos()).isEqualTo(next.pos());
  }

  @Test
  void timeAccelerationIsJustMoreSimulatedSecondsPerTick() {
    Mission mission = Mission.toOrigin("d-1", ORIGIN, DESTINATION).pickedUp(ORIGIN, NOW);
    DroneState d = drone(DroneStatus.BUSY, ORIGIN, 100).withMission(Optional.of(mission));

    DroneState realTime = PILOT.step(d, 1.0, NOW);
    DroneState accelerated = PILOT.step(d, 1.0 * 20, NOW);

    assertThat(Haversine.distanceKm(ORIGIN, realTime.pos())).isCloseTo(0.02, within(1e-4));
    assertThat(Haversine.distanceKm(ORIGIN, accelerated.pos())).isCloseTo(0.4, within(1e-3));
  }

  private static int indexOf(List<DroneState> track, GeoPoint p) {
    for (int i = 0; i < track.size(); i++) {
      if (track.get(i).pos().equals(p)) {
        return i;
      }
    }
    return -1;
  }
}
