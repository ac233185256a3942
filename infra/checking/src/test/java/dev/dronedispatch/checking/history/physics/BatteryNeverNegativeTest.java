package dev.dronedispatch.checking.history.physics;

import static dev.dronedispatch.checking.history.Simulation.HOME;
import static dev.dronedispatch.checking.history.Simulation.north;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.history.Simulation;
import dev.dronedispatch.checking.history.Violation;
import org.junit.jupiter.api.Test;

class BatteryNeverNegativeTest {

  private static final BatteryNeverNegative CHECK = new BatteryNeverNegative();

  @Test
  void aBatteryDrainedToZeroPasses() {
    Simulation sim = new Simulation("drone-1", HOME).flyTo(north(HOME, 2));
    sim.publish(sim.pos(), 0.0, sim.now().plusSeconds(1));
    assertThat(RunAlone.check(CHECK, sim.recording()).passed()).isEqualTo(1);
  }

  @Test
  void aBatteryBelowZeroIsFlaggedOncePerDrone() {
    Simulation sim = new Simulation("drone-1", HOME);
    sim.publish(HOME, -0.5, sim.now().plusSeconds(1));
    sim.publish(HOME, -2.25, sim.now().plusSeconds(2));

    assertThat(RunAlone.check(CHECK, sim.recording()).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Violation.Kind.BATTERY_BELOW_ZERO);
              assertThat(v.droneId()).isEqualTo("drone-1");
              assertThat(v.detail()).contains("-2.25 %").contains("2 of 3 records");
            });
  }
}
