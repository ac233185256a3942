package dev.dronedispatch.dispatch.fleet;

import static dev.dronedispatch.model.geo.WeightClass.HEAVY;
import static dev.dronedispatch.model.geo.WeightClass.LIGHT;
import static dev.dronedispatch.model.geo.WeightClass.MEDIUM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoscalerTest {

  private static final Duration STALL = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Set<WeightClass> ALL = EnumSet.allOf(WeightClass.class);

  @Test
  void withoutBacklogBaseActiveIsSplitWithTheRemainderToLightThenMedium() {
    assertThat(new Autoscaler(4, 20, 0.8, STALL, 100).targets(Map.of(), Map.of()).perClass())
        .isEqualTo(Map.of(LIGHT, 2, MEDIUM, 1, HEAVY, 1));
    assertThat(new Autoscaler(6, 18, 1, STALL, 100).targets(Map.of(), Map.of()).perClass())
        .isEqualTo(Map.of(LIGHT, 2, MEDIUM, 2, HEAVY, 2));
    assertThat(new Autoscaler(5, 18, 1, STALL, 100).targets(Map.of(), Map.of()).perClass())
        .isEqualTo(Map.of(LIGHT, 2, MEDIUM, 2, HEAVY, 1));
  }

  @Test
  void dronesServingADeliveryCountOnTopOfTheBacklogsShare() {
    // 34 drones carry deliveries and 37 wait: the backlog asks for ceil(37 × 0.8) = 30 more,
    // capped at 60 in all; the 26 left for it are shared by pending count, half to even
    Autoscaler a = new Autoscaler(4, 60, 0.8, STALL, 100);
    Autoscaler.Targets t =
        a.targets(
            Map.of(LIGHT, 15, MEDIUM, 12, HEAVY, 10), Map.of(LIGHT, 12, MEDIUM, 12, HEAVY, 10));
    assertThat(t.total()).isEqualTo(60);
    // 12 + 10.54 → 11, 12 + 8.43 → 8, 10 + 7.03 → 7
    assertThat(t.perClass()).isEqualTo(Map.of(LIGHT, 23, MEDIUM, 20, HEAVY, 17));
    // the busy fleet of the demo: 34 active, target 64 under a larger pool, so drones wake
    assertThat(
            new Autoscaler(4, 200, 0.8, STALL, 100)
                .targets(
                    Map.of(LIGHT, 15, MEDIUM, 12, HEAVY, 10),
                    Map.of(LIGHT, 12, MEDIUM, 12, HEAVY, 10))
                .total())
        .isEqualTo(64);
  }

  @Test
  void withoutBacklogAClassKeepsItsServingDronesAboveItsBaseShare() {
    assertThat(
            new Autoscaler(4, 20, 0.8, STALL, 100).targets(Map.of(), Map.of(LIGHT, 5)).perClass())
        .isEqualTo(Map.of(LIGHT, 5, MEDIUM, 1, HEAVY, 1));
  }

  @Test
  void withBacklogTheTotalIsCappedAndSharesRoundHalfToEven() {
    Autoscaler a = new Autoscaler(4, 20, 0.8, STALL, 100);
    // backlog 10 → ceil(8) = 8; shares 8 × 5/10 = 4, 8 × 2.5/10... use counts giving x.5
    Autoscaler.Targets t = a.targets(Map.of(LIGHT, 5, MEDIUM, 3, HEAVY, 2), Map.of());
    assertThat(t.total()).isEqualTo(8);
    // 4.0, 2.4 → 2, 1.6 → 2
    assertThat(t.perClass()).isEqualTo(Map.of(LIGHT, 4, MEDIUM, 2, HEAVY, 2));
    // total 5 (BASE_ACTIVE 5): light 1/2 × 5 = 2.5 → 2 (half to even), medium 2.5 → 2
    Autoscaler.Targets half =
        new Autoscaler(5, 20, 0.1, STALL, 100).targets(Map.of(LIGHT, 1, MEDIUM, 1), Map.of());
    assertThat(half.perClass()).isEqualTo(Map.of(LIGHT, 2, MEDIUM, 2, HEAVY, 0));
    // capped by DRONE_POOL_MAX
    assertThat(a.targets(Map.of(LIGHT, 1000), Map.of()).total()).isEqualTo(20);
  }

  @Test
  void planActivatesInactiveInIndexOrderAndRetiresChargingBeforeIdle() {
    Autoscaler a = new Autoscaler(2, 20, 1, STALL, 100);
    List<DroneView> fleet =
        List.of(
            Drones.view("drone-10", LIGHT, DroneStatus.INACTIVE, Drones.ROME, 100),
            Drones.view("drone-2", LIGHT, DroneStatus.INACTIVE, Drones.ROME, 100),
            Drones.view("drone-3", LIGHT, DroneStatus.INACTIVE, Drones.ROME, 100),
            Drones.view("drone-4", MEDIUM, DroneStatus.IDLE, Drones.ROME, 100),
            Drones.view("drone-5", MEDIUM, DroneStatus.CHARGING, Drones.ROME, 40),
            Drones.view("drone-6", MEDIUM, DroneStatus.BUSY, Drones.ROME, 40));
    Autoscaler.Plan plan =
        a.plan(a.targets(Map.of(LIGHT, 2, MEDIUM, 1), Map.of()), fleet, Map.of(), ALL);
    // targets: total 3, light 2, medium 1; medium has 3 active
    assertThat(plan.activations())
        .extracting(FleetTransition::droneId)
        .containsExactly("drone-2", "drone-3");
    assertThat(plan.retirements())
        .extracting(FleetTransition::droneId)
        .containsExactly("drone-5", "drone-4");
    assertThat(plan.retirements()).allMatch(t -> t.to() == DroneStatus.RETIRING);
  }

  @Test
  void aClassWithPendingDeliveriesNeverRoundsDownToNoDrone() {
    // total 20; heavy's share 1/101 × 20 = 0.2 rounds to 0 in the original
    Autoscaler.Targets t =
        new Autoscaler(4, 20, 0.8, STALL, 100).targets(Map.of(LIGHT, 100, HEAVY, 1), Map.of());
    assertThat(t.of(HEAVY)).isEqualTo(1);
    assertThat(t.of(MEDIUM)).isZero();
  }

  @Test
  void aStalledClassGetsOneMoreDronePerStallPeriodWaited() {
    Autoscaler a = new Autoscaler(4, 20, 0.8, STALL, 100);
    // total 4: light 2/3 × 4 = 2.67 → 3, heavy 1.33 → 1
    Autoscaler.Targets base = a.targets(Map.of(LIGHT, 2, HEAVY, 1), Map.of());
    Autoscaler.Targets boosted =
        a.boostStalled(base, Map.of(LIGHT, NOW.minusSeconds(10), HEAVY, NOW.minusSeconds(65)), NOW);
    assertThat(base.perClass()).isEqualTo(Map.of(LIGHT, 3, MEDIUM, 0, HEAVY, 1));
    assertThat(boosted.perClass()).isEqualTo(Map.of(LIGHT, 3, MEDIUM, 0, HEAVY, 3));
    assertThat(
            new Autoscaler(4, 20, 0.8, Duration.ZERO, 100)
                .boostStalled(base, Map.of(HEAVY, NOW.minusSeconds(600)), NOW))
        .isEqualTo(base);
  }

  @Test
  void aStalledBacklogActivatesAChargedDroneBesideTheOneThatCannotMakeTheTrip() {
    Autoscaler a = new Autoscaler(3, 20, 0.8, STALL, 100);
    // one heavy delivery waits; the only active heavy drone is idle at 35 %: above
    // CRITICAL_BATTERY, too low for the trip, so without the boost nothing would change
    List<DroneView> fleet =
        List.of(
            Drones.view("drone-3", HEAVY, DroneStatus.IDLE, Drones.ROME, 35),
            Drones.view("drone-6", HEAVY, DroneStatus.INACTIVE, Drones.ROME, 100),
            Drones.view("drone-9", HEAVY, DroneStatus.INACTIVE, Drones.ROME, 100));
    Autoscaler.Targets targets = a.targets(Map.of(HEAVY, 1), Map.of());
    assertThat(a.plan(targets, fleet, Map.of(), ALL).activations()).hasSize(2);
    Autoscaler.Targets one =
        new Autoscaler(1, 20, 0.8, STALL, 100).targets(Map.of(HEAVY, 1), Map.of());
    assertThat(a.plan(one, fleet, Map.of(), ALL).activations()).isEmpty();
    assertThat(
            a.plan(
                    a.boostStalled(one, Map.of(HEAVY, NOW.minusSeconds(31)), NOW),
                    fleet,
                    Map.of(),
                    ALL)
                .activations())
        .extracting(FleetTransition::droneId)
        .containsExactly("drone-6");
  }

  @Test
  void oneRoundActivatesAtMostItsBudgetSharedByShortfall() {
    Autoscaler a = new Autoscaler(4, 1000, 1, STALL, 10);
    List<DroneView> fleet = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      fleet.add(
          Drones.view(
              "drone-" + i, i % 2 == 0 ? LIGHT : HEAVY, DroneStatus.INACTIVE, Drones.ROME, 100));
    }
    // light is three times as short as heavy
    Autoscaler.Plan plan =
        a.plan(a.targets(Map.of(LIGHT, 90, HEAVY, 30), Map.of()), fleet, Map.of(), Set.of());
    assertThat(plan.activations()).hasSize(10);
    // shares of the budget: light ceil(7.5) = 8, heavy what is left, 2
    long light =
        plan.activations().stream()
            .filter(t -> Integer.parseInt(t.droneId().substring("drone-".length())) % 2 == 0)
            .count();
    assertThat(light).isEqualTo(8);
  }

  @Test
  void theDronesNearestToWhereTheDeliveriesWaitWakeFirst() {
    Autoscaler a = new Autoscaler(1, 20, 1, STALL, 100);
    List<DroneView> fleet =
        List.of(
            Drones.view("drone-1", LIGHT, DroneStatus.INACTIVE, Drones.north(Drones.ROME, 9), 100),
            Drones.view("drone-2", LIGHT, DroneStatus.INACTIVE, Drones.north(Drones.ROME, 5), 100),
            Drones.view("drone-3", LIGHT, DroneStatus.INACTIVE, Drones.north(Drones.ROME, 1), 100));
    Autoscaler.Plan plan =
        a.plan(
            a.targets(Map.of(LIGHT, 2), Map.of()),
            fleet,
            Map.of(LIGHT, List.of(Drones.ROME)),
            Set.of());
    assertThat(plan.activations())
        .extracting(FleetTransition::droneId)
        .containsExactly("drone-3", "drone-2");
  }

  @Test
  void aClassOverItsTargetRetiresOnlyWhenAllowed() {
    Autoscaler a = new Autoscaler(0, 20, 1, STALL, 100);
    List<DroneView> fleet =
        List.of(
            Drones.view("drone-1", MEDIUM, DroneStatus.IDLE, Drones.ROME, 100),
            Drones.view("drone-2", MEDIUM, DroneStatus.IDLE, Drones.ROME, 100));
    Autoscaler.Targets none = a.targets(Map.of(), Map.of());
    assertThat(a.overTarget(none, fleet)).containsExactly(MEDIUM);
    assertThat(a.plan(none, fleet, Map.of(), Set.of()).retirements()).isEmpty();
    assertThat(a.plan(none, fleet, Map.of(), Set.of(MEDIUM)).retirements()).hasSize(2);
  }
}
