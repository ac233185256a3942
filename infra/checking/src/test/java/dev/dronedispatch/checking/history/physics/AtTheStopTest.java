package dev.dronedispatch.checking.history.physics;

import static dev.dronedispatch.checking.history.Simulation.HOME;
import static dev.dronedispatch.checking.history.Simulation.TOLERANCES;
import static dev.dronedispatch.checking.history.Simulation.north;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.history.Recording;
import dev.dronedispatch.checking.history.Simulation;
import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.geo.GeoPoint;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AtTheStopTest {

  private static final AtTheStop PICKUP = new AtTheStop(AtTheStop.Stop.PICKUP, TOLERANCES);
  private static final AtTheStop DROP_OFF = new AtTheStop(AtTheStop.Stop.DROP_OFF, TOLERANCES);

  @Test
  void aPickupRecordedAtTheOriginPasses() {
    Simulation sim = new Simulation("drone-1", HOME).deliver("d1", north(HOME, 2), HOME);
    CheckReport report = RunAlone.check(PICKUP, sim.recording());
    assertThat(report.passed()).isEqualTo(1);
    assertThat(report.violations()).isEmpty();
  }

  @Test
  void aPickupRecordedAwayFromTheOriginIsFlagged() {
    GeoPoint origin = north(HOME, 2);
    Simulation sim = new Simulation("drone-1", HOME).request("d1", origin, HOME);
    sim.status("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, sim.afterLastRecord());
    sim.tick().flyTo(north(HOME, 1)); // halfway
    sim.status("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, sim.afterLastRecord());
    sim.hover(1);

    assertThat(RunAlone.check(PICKUP, sim.recording()).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Violation.Kind.PICKED_UP_AWAY_FROM_ORIGIN);
              assertThat(v.detail()).contains("1.000 km from the origin (tolerance 0.250 km)");
            });
  }

  @Test
  void aDeliveryRecordedAtTheDestinationPasses() {
    Simulation sim = new Simulation("drone-1", HOME).deliver("d1", HOME, north(HOME, 3));
    assertThat(RunAlone.check(DROP_OFF, sim.recording()).passed()).isEqualTo(1);
  }

  @Test
  void aDeliveryRecordedAwayFromTheDestinationIsFlagged() {
    Simulation sim = new Simulation("drone-1", HOME).request("d1", HOME, north(HOME, 3));
    sim.status("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, sim.afterLastRecord());
    sim.flyTo(north(HOME, 2));
    sim.status("d1", DeliveryStatus.DELIVERED, null, sim.afterLastRecord());
    sim.hover(1);

    assertThat(RunAlone.check(DROP_OFF, sim.recording()).violations())
        .extracting(Violation::kind)
        .containsExactly(Violation.Kind.DELIVERED_AWAY_FROM_DESTINATION);
  }

  /**
   * The tolerance is the position tolerance plus one tick of flight: a pickup stamped late, while
   * the drone already flies on, passes within one tick (0.2 km at 72 km/h × 10) and not after.
   */
  @Test
  void aPickupStampedWhileTheDroneFliesOnPassesWithinOneTickOfFlight() {
    assertThat(RunAlone.check(PICKUP, pickupStampedAfterLeaving(900)).violations()).isEmpty();
    assertThat(RunAlone.check(PICKUP, pickupStampedAfterLeaving(1500)).violations())
        .extracting(Violation::detail)
        .singleElement()
        .asString()
        .contains("0.300 km from the origin");
  }

  private static Recording pickupStampedAfterLeaving(long millis) {
    Simulation sim = new Simulation("drone-1", HOME).request("d1", HOME, north(HOME, 3));
    Instant lastRecordAtTheOrigin = sim.now();
    sim.flyTo(north(HOME, 3));
    sim.status(
        "d1",
        DeliveryStatus.IN_FLIGHT,
        Leg.TO_DESTINATION,
        lastRecordAtTheOrigin.plusMillis(millis));
    return sim.recording();
  }

  @Test
  void aStopWithoutTelemetryAroundItIsUnverifiableNotAViolation() {
    Simulation sim = new Simulation("drone-1", HOME).deliver("d1", north(HOME, 2), HOME);
    Instant pickup = sim.statuses().get(2).ts();

    CheckReport report =
        RunAlone.check(
            PICKUP, sim.recordingWithoutTelemetry(pickup.minusSeconds(2), pickup.plusSeconds(2)));

    assertThat(report.violations()).isEmpty();
    assertThat(report.unverifiable())
        .singleElement()
        .asString()
        .contains("telemetry of drone-1 has a gap");
  }

  @Test
  void aStopWhoseRequestWasNotRecordedIsUnverifiable() {
    Simulation sim = new Simulation("drone-1", HOME).deliver("d1", north(HOME, 2), HOME);
    Recording withoutRequests = new Recording(sim.statuses(), Map.of(), sim.recording().tracks());
    assertThat(RunAlone.check(PICKUP, withoutRequests).unverifiable())
        .containsExactly("no deliveries.requested record of d1");
  }

  @Test
  void aDeliveryThatFailedBeforeAnyPickupHasNoStopToJudge() {
    Simulation sim =
        new Simulation("drone-1", HOME)
            .setOff("d1", north(HOME, 2), HOME)
            .hover(2)
            .fail("d1", DeliveryDocument.DRONE_LOST)
            .hover(1);
    assertThat(RunAlone.check(PICKUP, sim.recording()).checked()).isZero();
    assertThat(RunAlone.check(DROP_OFF, sim.recording()).checked()).isZero();
  }
}
