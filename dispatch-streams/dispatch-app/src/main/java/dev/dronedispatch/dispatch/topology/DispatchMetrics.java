package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.commit.AssignmentCommitter;
import dev.dronedispatch.model.delivery.DeliveryStage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The dispatcher's own meters (Kafka Streams' meters are bound separately). */
public final class DispatchMetrics {

  private final MeterRegistry registry;
  private final Timer pick;
  private final Timer commit;
  private final Timer intake;
  private final DistributionSummary roundSize;
  private final Counter assigned;
  private final Counter delivered;

  public DispatchMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pick = Timer.builder("dispatch.pick").description("one drone pick").register(registry);
    this.commit =
        Timer.builder("dispatch.commit")
            .description("one batched KV commit of a round's assignments")
            .register(registry);
    this.intake =
        Timer.builder("dispatch.intake.delay")
            .description("from a request's record time until its task takes it in")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.roundSize =
        DistributionSummary.builder("dispatch.commit.pairs")
            .description("assignments committed together in one round")
            .register(registry);
    this.assigned = Counter.builder("dispatch.assigned").register(registry);
    this.delivered = Counter.builder("dispatch.delivered").register(registry);
  }

  /**
   * Meters what the committer counts itself: the claims sent at a remembered version, and those a
   * moved drone version refused.
   */
  public void follow(AssignmentCommitter committer) {
    FunctionCounter.builder(
            "dispatch.claims.known.version", committer, AssignmentCommitter::claimsAtKnownVersion)
        .description("claims sent at a version an earlier KV answer showed, without a read")
        .register(registry);
    FunctionCounter.builder(
            "dispatch.claims.moved.version", committer, AssignmentCommitter::claimsOnMovedVersion)
        .description(
            "claims refused because the idle drone's version moved (a position merge, or a"
                + " remembered version gone stale)")
        .register(registry);
  }

  /** An assignment only the KV had, to a drone that no longer held it, put back to pending. */
  public void staleAssignmentReleased() {
    registry.counter("dispatch.assignments.stale").increment();
  }

  /** A task's rounds resumed after a stall. */
  public void roundsResumed() {
    registry.counter("dispatch.rounds.resumed").increment();
  }

  public void pick(Duration d) {
    pick.record(d);
  }

  /** A request taken into its task's queue {@code d} after its record time. */
  public void intake(Duration d) {
    intake.record(d);
  }

  /** One batched commit of {@code pairs} (delivery, drone) pairs. */
  public void commitRound(Duration d, int pairs) {
    commit.record(d);
    roundSize.record(pairs);
  }

  /** A pick that found no drone, by its most frequent rejection ({@code PickResult.whyNone}). */
  public void noDrone(String why) {
    registry.counter("dispatch.pick.none", "why", why).increment();
  }

  public void commitResult(String result) {
    registry.counter("dispatch.commit.results", "result", result).increment();
  }

  public void assigned() {
    assigned.increment();
  }

  public void delivered() {
    delivered.increment();
  }

  public void transition(String reason) {
    registry.counter("dispatch.fleet.transitions", "reason", reason).increment();
  }

  /** A drone reserved for an older delivery of another task (see {@code ReservedForOlder}). */
  public void yieldedToOlder(String weightClass) {
    registry.counter("dispatch.fairness.yielded", "class", weightClass).increment();
  }

  /** A delivery left its lost drone: handed back ({@code pending}) or {@code failed}. */
  public void leftDrone(DeliveryStage to) {
    registry.counter("dispatch.lost.deliveries", "to", to.wireName()).increment();
  }

  /** Deliveries that waited past PENDING_DEADLINE_MS and failed. */
  public void failedWaiting(int deliveries) {
    registry.counter("dispatch.pending.failed").increment(deliveries);
  }

  /** Waiting deliveries the periodic recheck found past pending in the KV. */
  public void rechecked(int deliveries) {
    registry.counter("dispatch.pending.rechecked").increment(deliveries);
  }

  public void kvUnavailable(String where) {
    registry.counter("dispatch.kv.unavailable", "where", where).increment();
  }
}
