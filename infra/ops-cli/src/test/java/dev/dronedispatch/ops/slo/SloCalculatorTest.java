package dev.dronedispatch.ops.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SloCalculatorTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static DeliveryStatusChanged event(
      String id, DeliveryStatus s, long requestedMs, long atMs) {
    return new DeliveryStatusChanged(
        id, s, "drone-1", null, T0.plusMillis(atMs), T0.plusMillis(requestedMs), null, null);
  }

  private static DeliveryStatusChanged failed(String id, String reason, long atMs) {
    return new DeliveryStatusChanged(
        id, DeliveryStatus.FAILED, null, null, T0.plusMillis(atMs), T0, reason, null);
  }

  @Test
  void latencyIsEventTimeMinusRequestTimePerMilestone() {
    SloCalculator slo = new SloCalculator(T0, T0.plusSeconds(120));
    for (int i = 0; i < 100; i++) {
      slo.accept(event("d" + i, DeliveryStatus.ASSIGNED, i * 100, i * 100 + 10 * (i + 1)));
      slo.accept(event("d" + i, DeliveryStatus.DELIVERED, i * 100, i * 100 + 20_000));
    }
    SloReport report = slo.report();
    assertThat(report.requestToAssigned().count()).isEqualTo(100);
    assertThat(report.requestToAssigned().p50Ms()).isBetween(500.0, 510.0);
    assertThat(report.requestToAssigned().p99Ms()).isBetween(990.0, 1000.0);
    assertThat(report.requestToAssigned().maxMs()).isBetween(1000.0, 1001.0);
    assertThat(report.requestToDelivered().meanMs()).isBetween(19_990.0, 20_010.0);
    assertThat(report.deliveriesPerMinute()).isEqualTo(50.0);
  }

  @Test
  void aDuplicatedMilestoneCountsOnce() {
    SloCalculator slo = new SloCalculator(T0, T0.plusSeconds(60));
    slo.accept(event("d1", DeliveryStatus.DELIVERED, 0, 1_000));
    slo.accept(event("d1", DeliveryStatus.DELIVERED, 0, 9_000));
    assertThat(slo.report().requestToDelivered().count()).isEqualTo(1);
    assertThat(slo.report().requestToDelivered().maxMs()).isEqualTo(1_000.0);
  }

  @Test
  void eventsOutsideTheWindowOrWithoutRequestTimeAreSkipped() {
    SloCalculator slo = new SloCalculator(T0, T0.plusSeconds(60));
    slo.accept(event("early", DeliveryStatus.ASSIGNED, -5_000, -1));
    slo.accept(event("late", DeliveryStatus.ASSIGNED, 0, 60_000));
    slo.accept(
        new DeliveryStatusChanged("x", DeliveryStatus.ASSIGNED, "d", null, T0, null, null, null));
    slo.accept(event("in", DeliveryStatus.ASSIGNED, 0, 59_999));
    assertThat(slo.report().requestToAssigned().count()).isEqualTo(1);
  }

  @Test
  void pendingAndInFlightEventsAreNotMilestones() {
    SloCalculator slo = new SloCalculator(T0, T0.plusSeconds(60));
    slo.accept(event("d1", DeliveryStatus.PENDING, 0, 5));
    slo.accept(event("d1", DeliveryStatus.IN_FLIGHT, 0, 50));
    SloReport report = slo.report();
    assertThat(report.requestToAssigned().count()).isZero();
    assertThat(report.requestToDelivered().count()).isZero();
    assertThat(report.render())
        .contains("request -> assigned", "delivered per minute: 0.00")
        .endsWith("failed: 0, 0.0 % of 0 ended" + System.lineSeparator());
  }

  @Test
  void anEmptyWindowIsRefused() {
    assertThatThrownBy(() -> new SloCalculator(T0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failuresAreCountedOncePerDeliveryByReasonWithTheirShareOfTheEndedDeliveries() {
    SloCalculator slo = new SloCalculator(T0, T0.plusSeconds(60));
    for (int i = 0; i < 6; i++) {
      slo.accept(event("d" + i, DeliveryStatus.DELIVERED, 0, 10_000));
    }
    slo.accept(failed("lost-1", DeliveryDocument.DRONE_LOST, 20_000));
    slo.accept(failed("lost-1", DeliveryDocument.DRONE_LOST, 21_000)); // re-emitted
    slo.accept(failed("waited-1", DeliveryDocument.NO_DRONE, 30_000));
    slo.accept(failed("waited-2", DeliveryDocument.NO_DRONE, 30_000));
    slo.accept(failed("late", DeliveryDocument.NO_DRONE, 60_000));

    SloReport report = slo.report();

    assertThat(report.failed().byReason())
        .containsExactly(
            entry(DeliveryDocument.DRONE_LOST, 1), entry(DeliveryDocument.NO_DRONE, 2));
    assertThat(report.failureShare()).isEqualTo(3.0 / 9);
    assertThat(report.requestToDelivered().count()).isEqualTo(6);
    assertThat(report.render())
        .endsWith(
            "delivered per minute: 6.00"
                + System.lineSeparator()
                + "failed: 3 (drone_lost 1, no_drone 2), 33.3 % of 9 ended"
                + System.lineSeparator());
  }

  @Test
  void aFailureWithoutAReasonIsCountedAsUnstated() {
    SloCalculator slo = new SloCalculator(T0, T0.plusSeconds(60));
    slo.accept(failed("d1", null, 1_000));
    assertThat(slo.report().failed().byReason()).containsExactly(entry("unstated", 1));
  }

  @Test
  void aDeliveryHandedBackAndAssignedAgainWaitedUntilItsFirstAssignment() {
    SloCalculator slo = new SloCalculator(T0, T0.plusSeconds(60));
    slo.accept(event("d1", DeliveryStatus.ASSIGNED, 0, 1_000));
    slo.accept(
        new DeliveryStatusChanged(
            "d1",
            DeliveryStatus.PENDING,
            "drone-1",
            null,
            T0.plusMillis(2_000),
            T0,
            DeliveryDocument.DRONE_LOST,
            null));
    slo.accept(event("d1", DeliveryStatus.ASSIGNED, 0, 5_000));
    slo.accept(event("d1", DeliveryStatus.DELIVERED, 0, 9_000));

    SloReport report = slo.report();

    assertThat(report.requestToAssigned().count()).isEqualTo(1);
    assertThat(report.requestToAssigned().maxMs()).isEqualTo(1_000.0);
    assertThat(report.requestToDelivered().maxMs()).isBetween(9_000.0, 9_010.0);
    assertThat(report.failed().total()).isZero();
  }
}
