package dev.dronedispatch.checking.history.physics;

import static dev.dronedispatch.checking.history.Simulation.HOME;
import static dev.dronedispatch.checking.history.Simulation.north;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.history.Simulation;
import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StageTimesInOrderTest {

  private static final StageTimesInOrder CHECK = new StageTimesInOrder();

  @Test
  void stagesStampedInOrderPass() {
    Simulation sim = new Simulation("drone-1", HOME).deliver("d1", north(HOME, 1), HOME);
    CheckReport report = RunAlone.check(CHECK, sim.recording());
    assertThat(report.passed()).isEqualTo(1);
    assertThat(report.violations()).isEmpty();
  }

  @Test
  void stagesOfOneInstantAreInOrder() {
    Instant t = Simulation.T0.plusSeconds(1);
    Simulation sim =
        new Simulation("drone-1", HOME)
            .status("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, t)
            .status("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, t)
            .status("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, t)
            .status("d1", DeliveryStatus.DELIVERED, null, t);
    assertThat(RunAlone.check(CHECK, sim.recording()).violations()).isEmpty();
  }

  /** The defect seen: a picked_up stamped 32 ms before its preceding in_flight. */
  @Test
  void aPickupStampedBeforeItsInFlightIsReversed() {
    Instant inFlight = Simulation.T0.plusSeconds(2);
    Simulation sim =
        new Simulation("drone-1", HOME)
            .status("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, Simulation.T0.plusSeconds(1))
            .status("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, inFlight)
            .status("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, inFlight.minusMillis(32))
            .status("d1", DeliveryStatus.DELIVERED, null, inFlight.plusSeconds(5));

    CheckReport report = RunAlone.check(CHECK, sim.recording());

    assertThat(report.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Violation.Kind.STAGE_TIME_REVERSED);
              assertThat(v.detail()).contains("picked_up").contains("0.032 s before in_flight");
            });
  }
}
