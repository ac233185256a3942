package dev.dronedispatch.checking.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.dronedispatch.model.delivery.DeliveryDocument;
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

  /** Its drone, lost before the pickup, hands the delivery back. */
  private static DeliveryStatusChanged handBack(String d, String drone, int sec) {
    return new DeliveryStatusChanged(
        d,
        DeliveryStatus.PENDING,
        drone,
        null,
        T0.plusSeconds(sec),
        T0,
        DeliveryDocument.DRONE_LOST,
        null);
  }

  private static DeliveryStatusChanged failed(String d, String drone, String reason, int sec) {
    return new DeliveryStatusChanged(
        d, DeliveryStatus.FAILED, drone, null, T0.plusSeconds(sec), T0, reason, null);
  }

  /** Assigned to {@code drone} at {@code start}, in flight to the origin a second later. */
  private static List<DeliveryStatusChanged> setOff(String d, String drone, int start) {
    return List.of(
        e(d, DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, drone, start),
        e(d, DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, drone, start + 1));
  }

  private static List<Violation.Kind> kinds(List<DeliveryStatusChanged> h, Set<String> expected) {
    return StatusContract.check(h, expected).violations().stream().map(Violation::kind).toList();
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
    assertThat(v.outcomes().delivered()).isEqualTo(3);
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
        .containsExactlyInAnyOrder(Violation.Kind.DELIVERED_TWICE, Violation.Kind.UNFINISHED);
  }

  @Test
  void aRepeatedEventOfTheSameStageIsNotARegression() {
    List<DeliveryStatusChanged> h = new ArrayList<>(trip("d1", "drone-1", 0));
    h.add(1, e("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "drone-1", 0));
    assertThat(StatusContract.check(h, Set.of("d1")).violations()).isEmpty();
  }

  @Test
  void aDeliveryHandedBackByItsLostDroneMayBeAssignedToAnotherAndDelivered() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(handBack("d1", "drone-1", 2));
    h.addAll(trip("d1", "drone-2", 3));

    StatusContract.Result v = StatusContract.check(h, Set.of("d1"));

    assertThat(v.violations()).isEmpty();
    assertThat(v.outcomes()).isEqualTo(new DeliveryOutcomes(1, FailureCounts.of(List.of()), 0));
  }

  @Test
  void eachAttemptMayEndInAHandBackBeforeThePickup() {
    List<DeliveryStatusChanged> h = new ArrayList<>();
    h.add(e("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "drone-1", 0));
    h.add(handBack("d1", "drone-1", 1)); // from assigned
    h.addAll(setOff("d1", "drone-2", 2));
    h.add(handBack("d1", "drone-2", 4)); // from in_flight to the origin
    h.addAll(trip("d1", "drone-3", 5));
    assertThat(kinds(h, Set.of("d1"))).isEmpty();
  }

  /** Re-emitted, e.g. after an aborted transaction: the same stage again is no regression. */
  @Test
  void aRepeatedHandBackByTheSameDroneIsNoViolation() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(handBack("d1", "drone-1", 2));
    h.add(handBack("d1", "drone-1", 2));
    h.addAll(trip("d1", "drone-2", 3));
    assertThat(kinds(h, Set.of("d1"))).isEmpty();
  }

  /** The window starts after the assignment: the hand-back ends an attempt not recorded. */
  @Test
  void aWindowMayStartWithAHandBack() {
    List<DeliveryStatusChanged> h = new ArrayList<>();
    h.add(handBack("d1", "drone-1", 0));
    h.addAll(trip("d1", "drone-2", 1));
    assertThat(kinds(h, Set.of("d1"))).isEmpty();
  }

  @Test
  void theLostDroneIsFreedByItsHandBackAndMayTakeAnotherDeliveryOnceFound() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(handBack("d1", "drone-1", 2));
    h.addAll(trip("d1", "drone-2", 3));
    h.addAll(trip("d2", "drone-1", 5)); // while drone-2 carries d1
    assertThat(kinds(h, Set.of("d1", "d2"))).isEmpty();
  }

  @Test
  void aHandBackAfterThePickupIsAViolation() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(e("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, "drone-1", 2));
    h.add(handBack("d1", "drone-1", 3));
    assertThat(StatusContract.check(h, Set.of()).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Violation.Kind.HANDED_BACK_AFTER_PICKUP);
              assertThat(v.detail()).contains("with the parcel on board");
            });
  }

  @Test
  void aHandBackByADroneNotHoldingTheDeliveryIsAViolation() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(handBack("d1", "drone-2", 2));
    assertThat(StatusContract.check(h, Set.of()).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Violation.Kind.NOT_THE_HOLDER);
              assertThat(v.droneId()).isEqualTo("drone-2");
              assertThat(v.detail()).contains("while drone-1 held it");
            });
  }

  @Test
  void theLostDronesStageAfterItsHandBackIsAViolation() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(handBack("d1", "drone-1", 2));
    h.add(e("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, "drone-1", 3));
    assertThat(kinds(h, Set.of())).containsExactly(Violation.Kind.NOT_THE_HOLDER);
  }

  @Test
  void backToPendingWithoutAHandBackReasonIsARegression() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(e("d1", DeliveryStatus.PENDING, null, "drone-1", 2));
    assertThat(kinds(h, Set.of())).containsExactly(Violation.Kind.STATUS_REGRESSION);
  }

  @Test
  void withinAnAttemptASecondDroneIsStillAssignedTwice() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(handBack("d1", "drone-1", 2));
    h.add(e("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "drone-2", 3));
    h.add(e("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_ORIGIN, "drone-3", 4));
    assertThat(kinds(h, Set.of())).containsExactly(Violation.Kind.ASSIGNED_TWICE);
  }

  @Test
  void expectedDeliveriesThatFailedWithAReasonAreCountedNotUnfinished() {
    List<DeliveryStatusChanged> h = new ArrayList<>(trip("d1", "drone-1", 0));
    h.addAll(setOff("d2", "drone-2", 0));
    h.add(e("d2", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, "drone-2", 2));
    h.add(failed("d2", "drone-2", DeliveryDocument.DRONE_LOST, 3));
    h.add(failed("d3", null, DeliveryDocument.NO_DRONE, 4));
    h.addAll(setOff("d4", "drone-3", 0));

    StatusContract.Result v = StatusContract.check(h, Set.of("d1", "d2", "d3", "d4"));

    assertThat(v.violations())
        .extracting(Violation::kind, Violation::deliveryId)
        .containsExactly(tuple(Violation.Kind.UNFINISHED, "d4"));
    assertThat(v.outcomes().delivered()).isEqualTo(1);
    assertThat(v.outcomes().failed().byReason())
        .containsExactly(
            entry(DeliveryDocument.DRONE_LOST, 1), entry(DeliveryDocument.NO_DRONE, 1));
    assertThat(v.outcomes().unfinished()).isEqualTo(1);
    assertThat(v.outcomes().deliveries()).isEqualTo(4);
  }

  @Test
  void aFailedEventWithoutAReasonIsAViolationAndEndsNothing() {
    List<DeliveryStatusChanged> h = new ArrayList<>();
    h.add(failed("d1", null, null, 1));
    h.add(failed("d2", null, " ", 1));
    h.add(failed("d3", null, "failed", 1)); // the stage's own name, not why

    StatusContract.Result v = StatusContract.check(h, Set.of("d1"));

    assertThat(v.violations())
        .extracting(Violation::kind, Violation::deliveryId)
        .containsExactlyInAnyOrder(
            tuple(Violation.Kind.FAILED_WITHOUT_REASON, "d1"),
            tuple(Violation.Kind.FAILED_WITHOUT_REASON, "d2"),
            tuple(Violation.Kind.FAILED_WITHOUT_REASON, "d3"),
            tuple(Violation.Kind.UNFINISHED, "d1"));
    assertThat(v.outcomes().failed().total()).isZero();
    assertThat(v.outcomes().unfinished()).isEqualTo(3);
  }

  @Test
  void nothingMayFollowAFailure() {
    List<DeliveryStatusChanged> h = new ArrayList<>();
    h.add(failed("d1", null, DeliveryDocument.NO_DRONE, 1));
    h.add(e("d1", DeliveryStatus.ASSIGNED, Leg.TO_ORIGIN, "drone-1", 2));
    h.add(failed("d2", null, DeliveryDocument.NO_DRONE, 1));
    h.add(handBack("d2", "drone-1", 2));
    h.add(failed("d3", null, DeliveryDocument.NO_DRONE, 1));
    h.add(failed("d3", null, DeliveryDocument.NO_DRONE, 2));
    h.addAll(setOff("d4", "drone-4", 0));
    h.add(e("d4", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, "drone-4", 2));
    h.add(failed("d4", "drone-4", DeliveryDocument.DRONE_LOST, 3));
    h.add(e("d4", DeliveryStatus.DELIVERED, null, "drone-4", 4));

    assertThat(StatusContract.check(h, Set.of()).violations())
        .extracting(Violation::kind, Violation::deliveryId)
        .containsExactlyInAnyOrder(
            tuple(Violation.Kind.EVENT_AFTER_END, "d1"),
            tuple(Violation.Kind.EVENT_AFTER_END, "d2"),
            tuple(Violation.Kind.EVENT_AFTER_END, "d3"),
            tuple(Violation.Kind.EVENT_AFTER_END, "d4"));
  }

  @Test
  void aDeliveredDeliveryMayNotFailAfterwards() {
    List<DeliveryStatusChanged> h = new ArrayList<>(trip("d1", "drone-1", 0));
    h.add(failed("d1", "drone-1", DeliveryDocument.DRONE_LOST, 20));

    StatusContract.Result v = StatusContract.check(h, Set.of("d1"));

    assertThat(v.violations())
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.kind()).isEqualTo(Violation.Kind.EVENT_AFTER_END);
              assertThat(violation.detail()).contains("delivered at").contains("then failed at");
            });
    assertThat(v.outcomes().delivered()).isEqualTo(1);
    assertThat(v.outcomes().failed().total()).isZero();
  }

  @Test
  void theFailedEventFreesTheLostDrone() {
    List<DeliveryStatusChanged> h = new ArrayList<>(setOff("d1", "drone-1", 0));
    h.add(e("d1", DeliveryStatus.IN_FLIGHT, Leg.TO_DESTINATION, "drone-1", 2));
    h.add(failed("d1", "drone-1", DeliveryDocument.DRONE_LOST, 3));
    h.addAll(trip("d2", "drone-1", 10));
    assertThat(kinds(h, Set.of("d1", "d2"))).isEmpty();
  }
}
