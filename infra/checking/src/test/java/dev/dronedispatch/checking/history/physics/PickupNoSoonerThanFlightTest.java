package dev.dronedispatch.checking.history.physics;

import static dev.dronedispatch.checking.history.Simulation.HOME;
import static dev.dronedispatch.checking.history.Simulation.TOLERANCES;
import static dev.dronedispatch.checking.history.Simulation.north;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.history.Simulation;
import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.geo.GeoPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PickupNoSoonerThanFlightTest {

  private static final PickupNoSoonerThanFlight CHECK = new PickupNoSoonerThanFlight(TOLERANCES);

  /** A drone hovering at HOME, assigned a delivery from {@code origin}, picked up after took. */
  private static List<Violation> whenPickedUpAfter(Duration took, GeoPoint origin) {
    Simulation sim = new Simulation("drone-1", HOME).request("d1", origin, HOME);
    Instant assigned = sim.afterLastRecord();
    sim.status("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, assigned);
    sim.status("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, assigned.plus(took));
    return RunAlone.check(CHECK, sim.hover(2).recording()).violations();
  }

  @Test
  void aPickupAfterTheFlightToTheOriginPasses() {
    Simulation sim = new Simulation("drone-1", HOME).deliver("d1", north(HOME, 3), HOME);
    CheckReport report = RunAlone.check(CHECK, sim.recording());
    assertThat(report.passed()).isEqualTo(1);
    assertThat(report.violations()).isEmpty();
  }

  /** 3 km at 72 km/h × 10 takes 15 s of wall time; less the tolerance and a tick, 13.75 s. */
  @Test
  void aPickupSoonerThanTheDroneCouldFlyThereIsTooSoon() {
    assertThat(whenPickedUpAfter(Duration.ofMillis(13_800), north(HOME, 3))).isEmpty();
    assertThat(whenPickedUpAfter(Duration.ofSeconds(5), north(HOME, 3)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Violation.Kind.PICKED_UP_TOO_SOON);
              assertThat(v.detail())
                  .contains("picked_up 5.000 s after assigned")
                  .contains("3.000 km from the origin")
                  .contains("at least 13.750 s");
            });
  }

  @Test
  void aDroneAlreadyAtTheOriginMayPickUpAtOnce() {
    assertThat(whenPickedUpAfter(Duration.ofMillis(100), HOME)).isEmpty();
  }

  /**
   * Drone-1, 5 km away, is lost on its way; drone-2, at the origin, is assigned and picks up at
   * once. Set against drone-1's assignment, the pickup would look 20 s too soon.
   */
  @Test
  void aHandedBackAttemptIsNotSetAgainstTheNextDronesPickup() {
    GeoPoint origin = north(HOME, 5);
    Simulation lost =
        new Simulation("drone-1", HOME).setOff("d1", origin, HOME).hover(2).handBack("d1");
    Simulation other = new Simulation("drone-2", origin, lost.now()).deliver("d1", origin, HOME);

    CheckReport report = RunAlone.check(CHECK, Simulation.recording(lost, other));

    assertThat(report.violations()).isEmpty();
    assertThat(report.passed()).isEqualTo(1);
  }
}
