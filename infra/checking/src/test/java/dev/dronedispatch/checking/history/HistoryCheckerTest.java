package dev.dronedispatch.checking.history;

import static dev.dronedispatch.checking.history.Simulation.HOME;
import static dev.dronedispatch.checking.history.Simulation.TOLERANCES;
import static dev.dronedispatch.checking.history.Simulation.north;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.dronedispatch.checking.fault.FaultEvent;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.geo.GeoPoint;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The whole audit: the status contract and the physical checks over one recording. */
class HistoryCheckerTest {

  @Test
  void aRecordingOfCorrectDeliveriesPassesEveryCheckAndVerifiesThemAll() {
    Simulation sim = new Simulation("drone-1", HOME);
    sim.deliver("d1", north(HOME, 2), north(HOME, 5));
    sim.deliver("d2", north(HOME, 4), HOME);

    Verdict verdict = HistoryChecker.check(sim.recording(), Set.of("d1", "d2"), TOLERANCES);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.unverifiable()).isZero();
    assertThat(verdict.delivered()).isEqualTo(2);
    assertThat(verdict.physicalChecks()).allSatisfy(c -> assertThat(c.passed()).isPositive());
  }

  @Test
  void theFaultsOfARunJudgeNothingAndAreShownFirst() {
    Simulation sim = new Simulation("drone-1", HOME);
    sim.deliver("d1", north(HOME, 2), north(HOME, 5));
    FaultEvent kill =
        new FaultEvent(Simulation.T0.plusSeconds(3), "kill", "dispatch-2", "SIGKILL pid 42");

    Verdict plain = HistoryChecker.check(sim.recording(), Set.of("d1"), TOLERANCES);
    Verdict faulted =
        HistoryChecker.check(sim.recording().withFaults(List.of(kill)), Set.of("d1"), TOLERANCES);

    assertThat(faulted.violations()).isEqualTo(plain.violations()).isEmpty();
    assertThat(faulted.faults()).containsExactly(kill);
    assertThat(faulted.render())
        .isEqualTo(
            "fault 2026-11-23T10:00:03Z kill dispatch-2: SIGKILL pid 42"
                + System.lineSeparator()
                + plain.render());
  }

  /**
   * The defect seen on the running system: a drone finishes one delivery at its destination, is
   * assigned the next one 5 km away, and {@code picked_up} is recorded 0.1 s later while it still
   * hovers where it delivered.
   */
  @Test
  void aPickupRecordedAFractionOfASecondAfterAnAssignmentFiveKilometresAwayIsFlagged() {
    GeoPoint firstDestination = north(HOME, 1);
    GeoPoint nextOrigin = north(firstDestination, 5);
    Simulation sim =
        new Simulation("drone-1", HOME)
            .deliver("d1", HOME, firstDestination)
            .pickUpAtOnce("d2", nextOrigin, north(nextOrigin, 1));

    Verdict verdict = HistoryChecker.check(sim.recording(), Set.of(), TOLERANCES);

    assertThat(verdict.ok()).isFalse();
    assertThat(verdict.violations())
        .extracting(Violation::kind, Violation::deliveryId)
        .containsExactlyInAnyOrder(
            tuple(Violation.Kind.PICKED_UP_AWAY_FROM_ORIGIN, "d2"),
            tuple(Violation.Kind.PICKED_UP_TOO_SOON, "d2"));
    assertThat(verdict.render()).contains("PICKED_UP_AWAY_FROM_ORIGIN delivery=d2 drone=drone-1");
  }

  @Test
  void statusViolationsAndPhysicalViolationsAreReportedTogether() {
    Simulation sim = new Simulation("drone-1", HOME);
    sim.deliver("d1", north(HOME, 1), north(HOME, 2));
    sim.publish(sim.pos(), -1, sim.now().plusMillis(500));

    Verdict verdict = HistoryChecker.check(sim.recording(), Set.of("d1", "d9"), TOLERANCES);

    assertThat(verdict.violations())
        .extracting(Violation::kind)
        .containsExactlyInAnyOrder(Violation.Kind.UNFINISHED, Violation.Kind.BATTERY_BELOW_ZERO);
  }

  @Test
  void theRenderedVerdictCountsEachCheckAndWhatItCouldNotVerify() {
    Simulation sim = new Simulation("drone-1", HOME);
    sim.deliver("d1", north(HOME, 1), north(HOME, 2));
    Verdict verdict =
        HistoryChecker.check(
            sim.recordingWithoutTelemetry(Simulation.T0, sim.now()), Set.of(), TOLERANCES);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.unverifiable()).isEqualTo(3);
    assertThat(verdict.render())
        .contains("picked_up at the origin")
        .contains("unverifiable picked_up at the origin, e.g.: no telemetry of drone-1 at all")
        .endsWith(
            "1 deliveries, 1 delivered, 0 violations, 3 unverifiable" + System.lineSeparator());
  }

  /** The drone stops short of the origin and is lost; another one carries the delivery. */
  @Test
  void aDeliveryHandedBackByALostDroneAndCarriedByAnotherPassesEveryCheck() {
    GeoPoint origin = north(HOME, 5);
    Simulation lost =
        new Simulation("drone-1", HOME).setOff("d1", origin, HOME).hover(2).handBack("d1");
    Simulation other = new Simulation("drone-2", origin, lost.now()).deliver("d1", origin, HOME);

    Verdict verdict =
        HistoryChecker.check(Simulation.recording(lost, other), Set.of("d1"), TOLERANCES);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.unverifiable()).isZero();
    assertThat(verdict.delivered()).isEqualTo(1);
  }

  @Test
  void aDeliveryFailedWithItsLostDroneIsCountedApartFromTheDeliveredOnes() {
    Simulation sim =
        new Simulation("drone-1", HOME)
            .deliver("d1", north(HOME, 1), north(HOME, 2))
            .pickUp("d2", north(HOME, 3), north(HOME, 6))
            .flyTo(north(HOME, 4))
            .fail("d2", DeliveryDocument.DRONE_LOST)
            .hover(1);

    Verdict verdict = HistoryChecker.check(sim.recording(), Set.of("d1", "d2"), TOLERANCES);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.outcomes().failed().byReason())
        .containsExactly(entry(DeliveryDocument.DRONE_LOST, 1));
    assertThat(verdict.render())
        .contains("failed: 1 (drone_lost 1), unfinished: 0")
        .endsWith(
            "2 deliveries, 1 delivered, 0 violations, 0 unverifiable" + System.lineSeparator());
  }
}
