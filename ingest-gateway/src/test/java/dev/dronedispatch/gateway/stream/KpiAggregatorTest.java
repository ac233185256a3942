package dev.dronedispatch.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.admission.ClassBacklog;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final GeoPoint P = new GeoPoint(41.9, 12.45);
  private final KpiAggregator kpis = new KpiAggregator();

  private static DeliveryRequested requested(String id, Instant at) {
    return new DeliveryRequested(id, P, P, 1, WeightClass.LIGHT, "zone 0", "zone 0", at);
  }

  private static DeliveryStatusChanged status(
      String id, DeliveryStatus s, Instant ts, Instant req) {
    return new DeliveryStatusChanged(id, s, "drone-1", null, ts, req, s.wireName(), null);
  }

  private static DroneTelemetry telemetry(
      String drone, WeightClass type, DroneStatus s, Instant ts) {
    return new DroneTelemetry(drone, type, s, P, 80, false, null, null, 40, 1, ts);
  }

  @Test
  void countsDronesByLatestStatusAndClass() {
    kpis.onTelemetry(telemetry("drone-1", WeightClass.LIGHT, DroneStatus.IDLE, T0));
    kpis.onTelemetry(telemetry("drone-2", WeightClass.HEAVY, DroneStatus.IDLE, T0));
    kpis.onFleet(
        new FleetEvent(
            "drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned", T0.plusSeconds(1)));
    // a telemetry tick older than the fleet event does not undo it
    kpis.onTelemetry(telemetry("drone-1", WeightClass.LIGHT, DroneStatus.IDLE, T0.plusMillis(500)));
    // a fleet event about a drone never heard of does not make one
    kpis.onFleet(
        new FleetEvent("ghost", DroneStatus.IDLE, DroneStatus.BUSY, "assigned", T0.plusSeconds(1)));
    Kpis k = kpis.snapshot(T0.plusSeconds(2));
    assertThat(k.dronesByStatus())
        .containsEntry("busy", 1)
        .containsEntry("idle", 1)
        .containsEntry("charging", 0);
    assertThat(k.dronesByClass())
        .containsEntry("light", 1)
        .containsEntry("heavy", 1)
        .containsEntry("medium", 0);
  }

  @Test
  void tracksPendingActiveDeliveredAndLatenciesToleratingDuplicates() {
    kpis.onRequested(requested("d1", T0));
    kpis.onRequested(requested("d2", T0.plusSeconds(10)));
    kpis.onRequested(requested("d1", T0)); // re-published by the outbox
    Kpis before = kpis.snapshot(T0.plusSeconds(20));
    assertThat(before.pending()).isEqualTo(2);
    assertThat(before.oldestPendingAgeS()).isEqualTo(20.0);

    kpis.onStatus(status("d1", DeliveryStatus.ASSIGNED, T0.plusSeconds(2), T0));
    kpis.onStatus(status("d1", DeliveryStatus.ASSIGNED, T0.plusSeconds(2), T0)); // duplicate
    kpis.onStatus(status("d2", DeliveryStatus.ASSIGNED, T0.plusSeconds(14), T0.plusSeconds(10)));
    kpis.onStatus(status("d1", DeliveryStatus.DELIVERED, T0.plusSeconds(30), T0));
    kpis.onRequested(requested("d1", T0)); // a late duplicate request does not revive it

    Kpis k = kpis.snapshot(T0.plusSeconds(40));
    assertThat(k.pending()).isZero();
    assertThat(k.activeDeliveries()).isEqualTo(1);
    assertThat(k.deliveriesPerMinute()).isEqualTo(1);
    assertThat(k.assignLatencyMs().p50()).isEqualTo(2000.0);
    assertThat(k.assignLatencyMs().p95()).isEqualTo(4000.0);
    assertThat(k.deliverLatencyMs().p50()).isEqualTo(30_000.0);
    assertThat(kpis.snapshot(T0.plusSeconds(200)).deliveriesPerMinute()).isZero();
  }

  private static DeliveryRequested requested(String id, WeightClass c, Instant at) {
    return new DeliveryRequested(id, P, P, 1, c, "zone 0", "zone 0", at);
  }

  private ClassBacklog backlogOf(WeightClass c, Instant now) {
    return kpis.backlog(now, Duration.ofMinutes(2)).stream()
        .filter(b -> b.weightClass() == c)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void backlogPerClassCountsEachDepartureFromTheQueueOnce() {
    kpis.onRequested(requested("h1", WeightClass.HEAVY, T0));
    kpis.onRequested(requested("h2", WeightClass.HEAVY, T0.plusSeconds(5)));
    kpis.onRequested(requested("h3", WeightClass.HEAVY, T0.plusSeconds(6)));
    kpis.onRequested(requested("l1", WeightClass.LIGHT, T0.plusSeconds(8)));
    kpis.onStatus(status("h1", DeliveryStatus.ASSIGNED, T0.plusSeconds(9), T0));
    kpis.onStatus(status("h1", DeliveryStatus.ASSIGNED, T0.plusSeconds(9), T0)); // duplicate
    kpis.onStatus(status("h1", DeliveryStatus.IN_FLIGHT, T0.plusSeconds(12), T0));
    // h2 rolled back to pending after its assignment: it queues again, as heavy
    kpis.onStatus(status("h2", DeliveryStatus.ASSIGNED, T0.plusSeconds(10), T0.plusSeconds(5)));
    kpis.onStatus(status("h2", DeliveryStatus.PENDING, T0.plusSeconds(11), T0.plusSeconds(5)));

    ClassBacklog heavy = backlogOf(WeightClass.HEAVY, T0.plusSeconds(20));
    assertThat(heavy.pending()).isEqualTo(2);
    assertThat(heavy.oldestPendingAge()).isEqualTo(Duration.ofSeconds(15));
    assertThat(heavy.assignedRecently()).isEqualTo(2);
    // a fresh system: the history is as long as the earliest event, not the whole window
    assertThat(heavy.observedFor()).isEqualTo(Duration.ofSeconds(20));
    ClassBacklog light = backlogOf(WeightClass.LIGHT, T0.plusSeconds(20));
    assertThat(light.pending()).isEqualTo(1);
    assertThat(light.assignedRecently()).isZero();

    // three minutes on: the departures left the two-minute window; the history fills it
    ClassBacklog later = backlogOf(WeightClass.HEAVY, T0.plusSeconds(200));
    assertThat(later.assignedRecently()).isZero();
    assertThat(later.observedFor()).isEqualTo(Duration.ofMinutes(2));
    assertThat(backlogOf(WeightClass.MEDIUM, T0.plusSeconds(200)).pending()).isZero();
  }

  private static DeliveryStatusChanged handedBack(String id, String lostDrone, Instant ts) {
    return new DeliveryStatusChanged(
        id, DeliveryStatus.PENDING, lostDrone, null, ts, T0, DeliveryDocument.DRONE_LOST, null);
  }

  private static DeliveryStatusChanged failed(String id, String drone, String why, Instant ts) {
    return new DeliveryStatusChanged(id, DeliveryStatus.FAILED, drone, null, ts, T0, why, null);
  }

  private static DeliveryStatusChanged assignedTo(String id, String drone, Instant ts) {
    return new DeliveryStatusChanged(
        id, DeliveryStatus.ASSIGNED, drone, Leg.TO_ORIGIN, ts, T0, "assigned", null);
  }

  @Test
  void aHandBackQueuesTheDeliveryAgainUntilAnotherDroneIsAssigned() {
    kpis.onRequested(requested("d1", WeightClass.LIGHT, T0));
    kpis.onStatus(assignedTo("d1", "drone-1", T0.plusSeconds(2)));
    kpis.onStatus(
        new DeliveryStatusChanged(
            "d1",
            DeliveryStatus.IN_FLIGHT,
            "drone-1",
            Leg.TO_ORIGIN,
            T0.plusSeconds(3),
            T0,
            "in_flight",
            null));
    // drone-1 is lost before the pickup: back in the queue, not stale for being an earlier stage
    kpis.onStatus(handedBack("d1", "drone-1", T0.plusSeconds(10)));
    kpis.onRequested(requested("d1", WeightClass.LIGHT, T0)); // a late duplicate of the order

    Kpis back = kpis.snapshot(T0.plusSeconds(11));
    assertThat(back.pending()).isEqualTo(1);
    assertThat(back.oldestPendingAgeS()).isEqualTo(11.0);
    assertThat(back.activeDeliveries()).isZero();
    assertThat(kpis.activeDeliveryIds()).isEmpty();
    assertThat(backlogOf(WeightClass.LIGHT, T0.plusSeconds(11)).pending()).isEqualTo(1);

    kpis.onStatus(assignedTo("d1", "drone-2", T0.plusSeconds(20)));
    Kpis again = kpis.snapshot(T0.plusSeconds(21));
    assertThat(again.pending()).isZero();
    assertThat(again.activeDeliveries()).isEqualTo(1);
    assertThat(kpis.activeDeliveryIds()).containsExactly("d1");
    // both assignments left the queue; the second waited 20 s from the request
    assertThat(backlogOf(WeightClass.LIGHT, T0.plusSeconds(21)).assignedRecently()).isEqualTo(2);
    assertThat(again.assignLatencyMs().p95()).isEqualTo(20_000.0);
  }

  @Test
  void failedDeliveriesLeaveTheQueueOrTheirDroneAndAreCountedByReasonForAnHour() {
    kpis.onRequested(requested("d1", WeightClass.HEAVY, T0));
    kpis.onRequested(requested("d2", WeightClass.HEAVY, T0));
    kpis.onStatus(failed("d1", null, DeliveryDocument.NO_DRONE, T0.plusSeconds(600)));
    kpis.onStatus(assignedTo("d2", "drone-1", T0.plusSeconds(650)));
    kpis.onStatus(failed("d2", "drone-1", DeliveryDocument.DRONE_LOST, T0.plusSeconds(700)));
    kpis.onStatus(failed("d2", "drone-1", DeliveryDocument.DRONE_LOST, T0.plusSeconds(700)));
    // nothing moves a failed delivery: neither a late delivery nor a hand-back
    kpis.onStatus(status("d2", DeliveryStatus.DELIVERED, T0.plusSeconds(705), T0));
    kpis.onStatus(handedBack("d2", "drone-1", T0.plusSeconds(710)));

    Kpis k = kpis.snapshot(T0.plusSeconds(720));
    assertThat(k.pending()).isZero();
    assertThat(k.activeDeliveries()).isZero();
    assertThat(k.deliveriesPerMinute()).isZero();
    assertThat(k.deliverLatencyMs().p50()).isNull();
    assertThat(k.failedLastHour().total()).isEqualTo(2);
    assertThat(k.failedLastHour().byReason())
        .containsExactly(Map.entry("drone_lost", 1), Map.entry("no_drone", 1));
    assertThat(kpis.failedDeliveryIds()).containsExactly("d2", "d1");
    // leaving the queue by failing is not an assignment: the class's rate does not count it
    assertThat(backlogOf(WeightClass.HEAVY, T0.plusSeconds(720)).assignedRecently()).isEqualTo(1);
    assertThat(backlogOf(WeightClass.HEAVY, T0.plusSeconds(720)).pending()).isZero();

    Kpis later = kpis.snapshot(T0.plusSeconds(650).plus(KpiAggregator.FAILURE_WINDOW));
    assertThat(later.failedLastHour().byReason()).containsEntry("drone_lost", 1);
    assertThat(later.failedLastHour().total()).isEqualTo(1);
    // out of the KPI's hour, still listed
    assertThat(kpis.failedDeliveryIds()).containsExactly("d2", "d1");
  }

  @Test
  void lostDronesAreCountedAndStayLostWhateverTheirTelemetrySaysUntilFound() {
    kpis.onTelemetry(telemetry("drone-1", WeightClass.MEDIUM, DroneStatus.BUSY, T0));
    kpis.onTelemetry(telemetry("drone-2", WeightClass.MEDIUM, DroneStatus.IDLE, T0));
    kpis.onFleet(
        new FleetEvent(
            "drone-1", DroneStatus.BUSY, DroneStatus.LOST, "lost:stuck", T0.plusSeconds(60)));
    // stuck, it keeps reporting what the simulator believes
    kpis.onTelemetry(
        telemetry("drone-1", WeightClass.MEDIUM, DroneStatus.BUSY, T0.plusSeconds(61)));
    Kpis lost = kpis.snapshot(T0.plusSeconds(62));
    assertThat(lost.dronesByStatus())
        .containsEntry("lost", 1)
        .containsEntry("busy", 0)
        .containsEntry("idle", 1);
    assertThat(lost.dronesByClass()).containsEntry("medium", 2);

    // found: the dispatcher's event may carry an earlier time than the newest telemetry
    kpis.onTelemetry(
        telemetry("drone-1", WeightClass.MEDIUM, DroneStatus.BUSY, T0.plusSeconds(90)));
    kpis.onFleet(
        new FleetEvent("drone-1", DroneStatus.LOST, DroneStatus.IDLE, "found", T0.plusSeconds(89)));
    assertThat(kpis.snapshot(T0.plusSeconds(91)).dronesByStatus())
        .containsEntry("lost", 0)
        .containsEntry("idle", 2);
  }

  @Test
  void nearestRankPercentiles() {
    double[] v = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertThat(KpiAggregator.rank(v, 0.5)).isEqualTo(50);
    assertThat(KpiAggregator.rank(v, 0.95)).isEqualTo(100);
    assertThat(KpiAggregator.rank(new double[] {7}, 0.95)).isEqualTo(7);
  }
}
