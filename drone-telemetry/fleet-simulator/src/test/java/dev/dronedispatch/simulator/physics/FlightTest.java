package dev.dronedispatch.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import org.junit.jupiter.api.Test;

class FlightTest {

  private static final PhysicsSettings SETTINGS = new PhysicsSettings(2.0, 1.0, 0.02);
  private static final GeoPoint A = new GeoPoint(41.90, 12.45);
  private static final GeoPoint B = new GeoPoint(41.95, 12.55); // about 9.8 km from A

  @Test
  void coversSpeedTimesTimeAlongTheStraightLine() {
    FlightStep step = Flight.fly(A, B, 100, 72, 60, SETTINGS); // 72 km/h for a minute = 1.2 km

    assertThat(step.kmFlown()).isCloseTo(1.2, within(1e-9));
    assertThat(Haversine.distanceKm(A, step.pos())).isCloseTo(1.2, within(0.005));
    assertThat(Haversine.distanceKm(step.pos(), B))
        .isCloseTo(Haversine.distanceKm(A, B) - 1.2, within(0.005));
    assertThat(step.arrived()).isFalse();
  }

  @Test
  void drainsBatteryPerKmFlown() {
    FlightStep step = Flight.fly(A, B, 80, 36, 100, SETTINGS); // 1 km

    assertThat(step.battery()).isCloseTo(80 - 2.0 * 1.0, within(1e-9));
  }

  @Test
  void landsExactlyOnTheTargetWhenWithinReach() {
    double km = Haversine.distanceKm(A, B);
    FlightStep step = Flight.fly(A, B, 100, 3600, km + 0.5, SETTINGS); // reach 1 km/s

    assertThat(step.pos()).isEqualTo(B);
    assertThat(step.arrived()).isTrue();
    assertThat(step.kmFlown()).isCloseTo(km, within(1e-9));
    assertThat(step.battery()).isCloseTo(100 - km * 2.0, within(1e-9));
  }

  @Test
  void countsAsArrivedWithinTheArrivalRadiusAndSettlesOntoTheTarget() {
    GeoPoint near = A.towards(B, 0.015 / Haversine.distanceKm(A, B)); // 15 m from A

    FlightStep step = Flight.fly(near, A, 50, 72, 1, SETTINGS);

    assertThat(step.arrived()).isTrue();
    assertThat(step.pos()).isEqualTo(A);
    assertThat(step.battery()).isCloseTo(50 - 0.015 * 2.0, within(1e-4));
  }

  @Test
  void aStepEndingWithinTheRadiusIsAnArrivalEvenShortOfTheTarget() {
    double km = Haversine.distanceKm(A, B);
    FlightStep step = Flight.fly(A, B, 100, 3600, km - 0.01, SETTINGS); // 10 m short

    assertThat(step.arrived()).isTrue();
    assertThat(step.pos()).isNotEqualTo(B);
    assertThat(Flight.fly(step.pos(), B, step.battery(), 3600, 1, SETTINGS).pos()).isEqualTo(B);
  }

  @Test
  void repeatedTicksReachTheTargetInDistanceOverStepTicks() {
    GeoPoint pos = A;
    double battery = 100;
    int ticks = 0;
    boolean arrived = false;
    while (!arrived && ticks < 1000) {
      FlightStep step = Flight.fly(pos, B, battery, 72, 10, SETTINGS); // 200 m per tick
      pos = step.pos();
      battery = step.battery();
      arrived = step.arrived();
      ticks++;
    }
    double km = Haversine.distanceKm(A, B);
    assertThat(arrived).isTrue();
    assertThat(ticks).isEqualTo((int) Math.ceil(km / 0.2));
    assertThat(battery).isCloseTo(100 - km * 2.0, within(0.05));
  }

  @Test
  void stopsWhereTheBatteryRunsOutAndNeverFliesOnEmpty() {
    FlightStep step = Flight.fly(A, B, 1.0, 3600, 3600, SETTINGS); // range 0.5 km

    assertThat(step.battery()).isZero();
    assertThat(step.kmFlown()).isCloseTo(0.5, within(1e-9));
    assertThat(Haversine.distanceKm(A, step.pos())).isCloseTo(0.5, within(0.005));
    assertThat(step.stranded()).isTrue();

    FlightStep next = Flight.fly(step.pos(), B, step.battery(), 3600, 3600, SETTINGS);
    assertThat(next.pos()).isEqualTo(step.pos());
    assertThat(next.kmFlown()).isZero();
    assertThat(next.stranded()).isTrue();
  }

  @Test
  void chargesAtTheConfiguredRateUpToFull() {
    assertThat(Flight.charge(30, 10, SETTINGS)).isCloseTo(40, within(1e-9));
    assertThat(Flight.charge(95, 10, SETTINGS)).isEqualTo(100);
    assertThat(Flight.charge(0, 0.5, new PhysicsSettings(2, 4, 0.02))).isCloseTo(2, within(1e-9));
  }
}
