package dev.dronedispatch.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.Drones;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One small test per filter: the reason it answers when it rejects, nothing when it accepts. */
class CandidateFiltersTest {

  private final PickContext ctx = Picks.context();

  private static DroneView near(double km, double battery) {
    return Drones.idle("drone-1", Drones.north(Picks.ORIGIN, km), battery);
  }

  @Test
  void isIdleAndFreeRejectsBusyChargingAndDronesHoldingADelivery() {
    IsIdleAndFree f = new IsIdleAndFree();
    assertThat(f.reject(near(1, 80), ctx)).isEmpty();
    assertThat(f.reject(near(1, 80).withControl(DroneStatus.CHARGING, null), ctx))
        .contains(Rejection.NOT_IDLE);
    assertThat(f.reject(near(1, 80).withControl(DroneStatus.IDLE, "other"), ctx))
        .contains(Rejection.NOT_IDLE);
  }

  @Test
  void isOfCarrierClassMatchesTheClassSearched() {
    IsOfCarrierClass f = new IsOfCarrierClass();
    DroneView heavy = Drones.view("drone-2", WeightClass.HEAVY, DroneStatus.IDLE, Picks.ORIGIN, 80);
    assertThat(f.reject(near(1, 80), ctx)).isEmpty();
    assertThat(f.reject(heavy, ctx)).contains(Rejection.WRONG_CLASS);
    assertThat(f.reject(heavy, ctx.forCarrier(WeightClass.HEAVY))).isEmpty();
  }

  @Test
  void isNotExcludedSkipsDronesFoundTaken() {
    IsNotExcluded f = new IsNotExcluded();
    PickContext excluding =
        PickContext.of(
            Picks.delivery(Picks.ORIGIN, Picks.DEST, WeightClass.LIGHT),
            Picks.ZONES,
            Exclusions.of(Set.of("drone-1")));
    assertThat(f.reject(near(1, 80), excluding)).contains(Rejection.UNAVAILABLE);
    assertThat(f.reject(near(1, 80), ctx)).isEmpty();
  }

  @Test
  void isAboveCriticalBatteryRejectsAtTheLimit() {
    IsAboveCriticalBattery f = new IsAboveCriticalBattery(30);
    assertThat(f.reject(near(1, 30), ctx)).contains(Rejection.BATTERY_CRITICAL);
    assertThat(f.reject(near(1, 30.5), ctx)).isEmpty();
  }

  @Test
  void isEnergyFeasibleCountsTheWholeTripToTheNearestCharger() {
    IsEnergyFeasible f = new IsEnergyFeasible(new EnergyModel(2, 5));
    // trip: ORIGIN→DEST ≈ 0.98 km, DEST→charger of zone 0 ≈ 0.21 km; drone 1 km away
    double required = (1 + ctx.tripKm()) * 2 + 5;
    assertThat(f.reject(near(1, required + 0.1), ctx)).isEmpty();
    assertThat(f.reject(near(1, required - 0.1), ctx)).contains(Rejection.ENERGY_INFEASIBLE);
    DroneView noPos =
        new DroneView(
            "drone-3",
            WeightClass.LIGHT,
            DroneStatus.IDLE,
            null,
            100,
            50,
            null,
            false,
            null,
            Instant.EPOCH,
            null);
    assertThat(f.reject(noPos, ctx)).contains(Rejection.ENERGY_INFEASIBLE);
  }

  @Test
  void isWithinPickupRangeRejectsFartherThanMaxPickupKm() {
    IsWithinPickupRange f = new IsWithinPickupRange(2);
    assertThat(f.reject(near(1.99, 80), ctx)).isEmpty();
    assertThat(f.reject(near(2.01, 80), ctx)).contains(Rejection.TOO_FAR);
  }

  @Test
  void energyModelIsKmTimesRatePlusMargin() {
    assertThat(new EnergyModel(2, 5).requiredPct(3, 7)).isEqualTo(25.0);
  }
}
