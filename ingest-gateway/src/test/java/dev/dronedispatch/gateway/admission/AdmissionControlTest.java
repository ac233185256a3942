package dev.dronedispatch.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.stream.KpiAggregator;
import dev.dronedispatch.gateway.testing.Admissions;
import dev.dronedispatch.model.clock.ManualClock;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission over the KPI aggregator's backlog, driven by a fake clock. */
class AdmissionControlTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final GeoPoint P = new GeoPoint(41.9, 12.45);

  private final ManualClock clock = new ManualClock(T0);
  private final KpiAggregator kpis = new KpiAggregator();
  private final AdmissionControl admission = Admissions.byDefault(clock);

  private int ids;

  private String request(WeightClass c) {
    String id = "d" + ++ids;
    kpis.onRequested(new DeliveryRequested(id, P, P, 1, c, "zone 0", "zone 0", clock.instant()));
    return id;
  }

  private void assign(String id) {
    kpis.onStatus(
        new DeliveryStatusChanged(
            id, DeliveryStatus.ASSIGNED, "drone-1", null, clock.instant(), null, "assigned", null));
  }

  private AdmissionState tick() {
    return admission.update(clock.instant(), kpis.backlog(clock.instant(), admission.rateWindow()));
  }

  @Test
  void warmingUpAdmitsWithoutAnEstimate() {
    assertThat(admission.current().state()).isEqualTo(AdmissionState.Overall.WARMING_UP);
    AdmissionDecision d = admission.check(WeightClass.LIGHT);
    assertThat(d).isEqualTo(new AdmissionDecision.Admitted(java.util.Optional.empty()));
  }

  @Test
  void aFreshSystemIsOpenAndItsEstimateIsTheOldestOrdersAge() {
    request(WeightClass.LIGHT);
    clock.advance(Duration.ofSeconds(3));
    tick();
    AdmissionDecision d = admission.check(WeightClass.LIGHT);
    assertThat(d).isInstanceOf(AdmissionDecision.Admitted.class);
    ClassAdmission light = ((AdmissionDecision.Admitted) d).estimate().orElseThrow();
    assertThat(light.basis()).isEqualTo(WaitEstimate.Basis.OLDEST_PENDING);
    assertThat(light.estimatedWaitS()).isEqualTo(3.0);
    assertThat(admission.current().state()).isEqualTo(AdmissionState.Overall.OPEN);
  }

  @Test
  void aClosedClassIsRefusedUntilTheVerdictGoesStale() {
    String id = request(WeightClass.HEAVY);
    request(WeightClass.LIGHT);
    clock.advance(Duration.ofSeconds(601));
    tick();
    assertThat(admission.check(WeightClass.HEAVY)).isInstanceOf(AdmissionDecision.Refused.class);
    assertThat(admission.current().state()).isEqualTo(AdmissionState.Overall.CLOSED);
    // the hub stopped evaluating (Kafka unreachable): an old verdict is not trusted
    clock.advance(Duration.ofSeconds(6));
    assertThat(admission.check(WeightClass.HEAVY))
        .isEqualTo(new AdmissionDecision.Admitted(java.util.Optional.empty()));
    // assigned at last: reopened at the next evaluation
    assign(id);
    tick();
    assertThat(admission.check(WeightClass.HEAVY)).isInstanceOf(AdmissionDecision.Admitted.class);
    assertThat(admission.check(WeightClass.LIGHT)).isInstanceOf(AdmissionDecision.Refused.class);
  }

  /**
   * The incident: 100 heavy orders a second against a fleet assigning one every 2 s. Admission
   * closes within seconds instead of accepting 15,673 orders, the backlog stays bounded, and the
   * hysteresis keeps the verdict from changing more often than the backlog can drain.
   */
  @Test
  void anOverloadIsRefusedEarlyAndAdmissionDoesNotFlap() {
    ArrayDeque<String> queue = new ArrayDeque<>();
    List<Instant> changes = new ArrayList<>();
    boolean closed = false;
    int accepted = 0;
    int maxPending = 0;
    for (int second = 0; second < 30 * 60; second++) {
      for (int i = 0; i < 100; i++) {
        if (admission.check(WeightClass.HEAVY) instanceof AdmissionDecision.Admitted) {
          queue.addLast(request(WeightClass.HEAVY));
          accepted++;
        }
      }
      if (second % 2 == 0 && !queue.isEmpty()) {
        assign(queue.removeFirst());
      }
      clock.advance(Duration.ofSeconds(1));
      AdmissionState s = tick();
      boolean nowClosed = s.classes().get("heavy").closed();
      if (nowClosed != closed) {
        changes.add(clock.instant());
        closed = nowClosed;
      }
      maxPending = Math.max(maxPending, queue.size());
    }
    assertThat(changes).isNotEmpty();
    assertThat(Duration.between(T0, changes.get(0))).isLessThanOrEqualTo(Duration.ofSeconds(15));
    // the first closure admits what arrived before 5 assignments made a rate, then ~300 at a time
    assertThat(maxPending).isLessThan(1_600);
    assertThat(accepted).isLessThan(5_000);
    // closed, it stays closed until the backlog drained to the reopening point (at 0.5/s, the
    // 60 orders between 600 s and 480 s of wait take 2 minutes), not for a tick or two
    for (int i = 1; i < changes.size(); i += 2) {
      assertThat(Duration.between(changes.get(i - 1), changes.get(i)))
          .as("closed periods %s", changes)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(100));
    }
    ClassBacklog heavy =
        kpis.backlog(clock.instant(), admission.rateWindow()).stream()
            .filter(b -> b.weightClass() == WeightClass.HEAVY)
            .findFirst()
            .orElseThrow();
    assertThat(heavy.oldestPendingAge()).isLessThan(Duration.ofSeconds(700));
  }
}
