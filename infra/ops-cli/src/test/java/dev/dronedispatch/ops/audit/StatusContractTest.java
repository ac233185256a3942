package dev.dronedispatch.ops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusContractTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static DeliveryStatusChanged e(
      String d, DeliveryStatus s, Leg leg, String drone, int sec) {
    return new DeliveryStatusChanged(d, s, drone, leg, T0.plusSeconds(sec), T0, null, null);
  }

  private static List<DeliveryStatusChanged> trip(String d, String drone, int start) {
    return List.of(
        e(d, DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, drone, start),
        e(d, DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, drone, start + 1),
        e(d, DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, drone, start + 5),
        e(d, DeliveryStatus.DELIVERED, null, drone, start + 9));
  }

  @Test
  void aCleanHistoryPasses() {
    List<DeliveryStatusChanged> h = new ArrayList<>();
    h.addAll(trip("d1", "drone-1", 0));
    h.addAll(trip("d2", "drone-1", 10));
    h.addAll(trip("d3", "drone-2", 3));
    StatusContract.Result v = StatusContract.check(h, Set.of("d1", "d2", "d3"));
    assertThat(v.violations()).isEmpty();
    assertThat(v.delivered()).isEqualTo(3);
  }

  @Test
  void aDroneGivenASecondDeliveryBeforeTheFirstIsDoneIsDoubleBooked() {
    List<DeliveryStatusChanged> h = new ArrayList<>();
    h.addAll(trip("d1", "drone-1", 0));
    h.addAll(trip("d2", "drone-1", 5));
    assertThat(StatusContract.check(h, Set.of()).violations())
        .extracting(Violation::kind)
        .containsExactly(Violation.Kind.DRONE_DOUBLE_BOOKED);
  }

  @Test
  void aDeliveryOnTwoDronesIsAssignedTwice() {
    List<DeliveryStatusChanged> h = new ArrayList<>(trip("d1", "drone-1", 0));
    h.add(e("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "drone-2", 1));
    assertThat(StatusContract.check(h, Set.of()).violations())
        .extracting(Violation::kind)
        .contains(Violation.Kind.ASSIGNED_TWICE, Violation.Kind.STATUS_REGRESSION);
  }

  @Test
  void goingBackFromTheDestinationLegIsARegression() {
    List<DeliveryStatusChanged> h =
        List.of(
            e("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "drone-1", 0),
            e("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, "drone-1", 1),
            e("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, "drone-1", 2));
    assertThat(StatusContract.check(h, Set.of()).violations())
        .extracting(Violation::kind)
        .containsExactly(Violation.Kind.STATUS_REGRESSION);
  }

  @Test
  void aSecondDeliveredEventAndAMissingDeliveryAreReported() {
    List<DeliveryStatusChanged> h = new ArrayList<>(trip("d1", "drone-1", 0));
    h.add(e("d1", DeliveryStatus.DELIVERED, null, "drone-1", 20));
    h.add(e("d2", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "drone-2", 0));
    StatusContract.Result v = StatusContract.check(h, Set.of("d1", "d2"));
    assertThat(v.violations())
        .extracting(Violation::kind)
        .containsExactlyInAnyOrder(Violation.Kind.DELIVERED_TWICE, Violation.Kind.NOT_DELIVERED);
  }

  @Test
  void aRepeatedEventOfTheSameStageIsNotARegression() {
    List<DeliveryStatusChanged> h = new ArrayList<>(trip("d1", "drone-1", 0));
    h.add(1, e("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "drone-1", 0));
    assertThat(StatusContract.check(h, Set.of("d1")).violations()).isEmpty();
  }
}
