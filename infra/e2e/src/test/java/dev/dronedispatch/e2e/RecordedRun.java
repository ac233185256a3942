package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.checking.history.HistoryChecker;
import dev.dronedispatch.checking.history.Recording;
import dev.dronedispatch.checking.history.Verdict;
import dev.dronedispatch.checking.history.physics.CheckReport;
import dev.dronedispatch.checking.history.physics.PhysicsTolerances;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The history of one end-to-end run: its topics as read_committed consumers see them and what the
 * faults injected into it did; and the verdict of the checking kit's history checker (that of
 * {@code ops audit}) over them: the way every fault and pipeline test is judged.
 */
final class RecordedRun implements AutoCloseable {

  final TopicRecorder<DeliveryStatusChanged> status;
  final TopicRecorder<DeliveryRequested> requested;
  final TopicRecorder<DroneTelemetry> telemetry;

  /** Where the faults a test injects into the run record what they did. */
  final FaultLog faults = SystemUnderTest.faultLog();

  RecordedRun(String kafka) {
    status = new TopicRecorder<>(kafka, Topics.DELIVERIES_STATUS);
    requested = new TopicRecorder<>(kafka, Topics.DELIVERIES_REQUESTED);
    telemetry = new TopicRecorder<>(kafka, Topics.DRONES_TELEMETRY);
  }

  /** Waits until every id is delivered, reporting progress; fails if a service dies meanwhile. */
  void awaitDelivered(LocalSystem system, Set<String> ids, Duration timeout)
      throws InterruptedException {
    await(system, ids, timeout, "delivered", RecordedRun::deliveredIds);
  }

  /** Waits until every id is delivered or failed (a terminal status), as above. */
  void awaitEnded(LocalSystem system, Set<String> ids, Duration timeout)
      throws InterruptedException {
    await(system, ids, timeout, "ended", RecordedRun::endedIds);
  }

  private void await(
      LocalSystem system,
      Set<String> ids,
      Duration timeout,
      String what,
      Function<List<DeliveryStatusChanged>, Set<String>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = 0;
    while (System.nanoTime() < deadline) {
      assertThat(system.exitedServices()).as("services that died").isEmpty();
      Set<String> reached = done.apply(status.history());
      if (reached.containsAll(ids)) {
        return;
      }
      if (System.nanoTime() > nextReport) {
        System.out.printf(
            "[e2e] %d/%d %s, latest statuses %s%n",
            reached.size(), ids.size(), what, latestStatus());
        nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "not every delivery was " + what + " within " + timeout + ": " + latestStatus());
  }

  /**
   * The history checker's verdict, printed, once telemetry past the last event has been read (the
   * last stops need records after them); asserts no violation and that the physical checks could
   * judge almost every event (a checker that can verify little passes vacuously).
   */
  Verdict judge(Set<String> ids, double timeAcceleration) throws InterruptedException {
    Verdict verdict = audit(ids, timeAcceleration);
    assertThat(verdict.delivered()).isEqualTo(ids.size());
    return verdict;
  }

  /**
   * As {@link #judge}, for a run where deliveries may also fail: every id ended (delivered, or
   * failed with a reason), no violation.
   */
  Verdict audit(Set<String> ids, double timeAcceleration) throws InterruptedException {
    PhysicsTolerances tolerances = PhysicsTolerances.defaults(timeAcceleration);
    Instant last =
        status.history().stream()
            .map(DeliveryStatusChanged::ts)
            .max(Instant::compareTo)
            .orElseThrow();
    awaitTelemetryPast(last.plus(tolerances.maxTelemetryGap()));
    Verdict verdict =
        HistoryChecker.check(
            Recording.of(status.history(), requested.history(), telemetry.history())
                .withFaults(faults.events()),
            ids,
            tolerances);
    System.out.print(verdict.render());
    assertThat(verdict.violations())
        .as("violations of the dispatch invariants and of physics")
        .isEmpty();
    assertThat(verdict.outcomes().unfinished()).as("deliveries that never ended").isZero();
    int judged = verdict.physicalChecks().stream().mapToInt(CheckReport::checked).sum();
    assertThat(verdict.unverifiable())
        .as("physical checks without telemetry around the event")
        .isLessThan(judged / 10);
    return verdict;
  }

  static Set<String> deliveredIds(List<DeliveryStatusChanged> events) {
    return events.stream()
        .filter(e -> e.status() == DeliveryStatus.DELIVERED)
        .map(DeliveryStatusChanged::deliveryId)
        .collect(Collectors.toSet());
  }

  static Set<String> endedIds(List<DeliveryStatusChanged> events) {
    return events.stream()
        .filter(e -> e.status().isTerminal())
        .map(DeliveryStatusChanged::deliveryId)
        .collect(Collectors.toSet());
  }

  private void awaitTelemetryPast(Instant instant) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline
        && telemetry.history().stream().noneMatch(t -> t.ts().isAfter(instant))) {
      Thread.sleep(200);
    }
  }

  private Map<DeliveryStatus, Long> latestStatus() {
    Map<String, DeliveryStatus> last = new HashMap<>();
    status.history().forEach(e -> last.put(e.deliveryId(), e.status()));
    return last.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
  }

  @Override
  public void close() throws InterruptedException {
    status.close();
    requested.close();
    telemetry.close();
  }
}
