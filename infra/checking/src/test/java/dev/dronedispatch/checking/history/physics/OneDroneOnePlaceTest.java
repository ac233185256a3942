package dev.dronedispatch.checking.history.physics;

import static dev.dronedispatch.checking.history.Simulation.HOME;
import static dev.dronedispatch.checking.history.Simulation.TOLERANCES;
import static dev.dronedispatch.checking.history.Simulation.north;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.history.Simulation;
import dev.dronedispatch.checking.history.Violation;
import org.junit.jupiter.api.Test;

class OneDroneOnePlaceTest {

  private static final OneDroneOnePlace CHECK = new OneDroneOnePlace(TOLERANCES);

  @Test
  void aDroneFlyingAtFullSpeedIsInOnePlace() {
    Simulation sim = new Simulation("drone-1", HOME).flyTo(north(HOME, 5)).flyTo(HOME);
    CheckReport report = RunAlone.check(CHECK, sim.recording());
    assertThat(report.passed()).isEqualTo(1);
    assertThat(report.violations()).isEmpty();
  }

  /** A second publisher of the same drone id: two positions 3 km apart 10 ms apart. */
  @Test
  void aDroneReportedInTwoPlacesAtNearlyTheSameTimeIsFlagged() {
    Simulation sim = new Simulation("drone-1", HOME).hover(3);
    sim.publish(north(HOME, 3), 100, sim.now().plusMillis(10));
    sim.hover(1);

    assertThat(RunAlone.check(CHECK, sim.recording()).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Violation.Kind.DRONE_IN_TWO_PLACES);
              assertThat(v.detail()).contains("3.000 km apart").contains("(0.010 s)");
            });
  }
}
