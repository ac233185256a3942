package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Infeasibility bookkeeping (original-behaviour.md §9.3 steps 5–6): a drone found unable to do a
 * delivery counts it once in {@code feas_miss}; at EARLY_CHARGE_THRESHOLD distinct misses an idle
 * drone is sent charging and both counters reset; a feasible drone with misses gets them reset.
 */
public final class FeasibilityBook {

  /** What a miss did to the document, named as the original's {@code [charge]} log reasons. */
  public enum Kind {
    INCREMENT_UNIQUE("pick_drone:feas_miss_increment_unique"),
    THRESHOLD_UNIQUE("pick_drone:feas_miss_threshold_unique"),
    DUPLICATE("pick_drone:feas_miss_duplicate"),
    RESET("pick_drone:feas_miss_reset");

    private final String logReason;

    Kind(String logReason) {
      this.logReason = logReason;
    }

    public String logReason() {
      return logReason;
    }
  }

  /** {@code next} is empty when nothing has to be written (a duplicate). */
  public record Outcome(Kind kind, Optional<DroneDocument> next) {

    public boolean sendsCharging() {
      return kind == Kind.THRESHOLD_UNIQUE;
    }
  }

  /**
   * What one pick found about the drone: it could not do {@code deliveryId}, or it could (then its
   * counters are reset).
   */
  public record Sighting(String deliveryId, boolean feasible) {}

  /** One sighting's effect, with the drone's miss count after it. */
  public record Step(Kind kind, String deliveryId, int feasMissAfter) {}

  /**
   * The document after a round's sightings ({@code next} empty: nothing to write) and each step.
   */
  public record Tally(Optional<DroneDocument> next, List<Step> steps) {

    public Tally {
      steps = List.copyOf(steps);
    }

    public boolean sentCharging() {
      return steps.stream().anyMatch(s -> s.kind() == Kind.THRESHOLD_UNIQUE);
    }
  }

  private final int threshold;

  public FeasibilityBook(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("EARLY_CHARGE_THRESHOLD must be >= 1");
    }
    this.threshold = threshold;
  }

  /** The drone could not do {@code deliveryId}. Only an idle, free drone is counted. */
  public Outcome onInfeasible(DroneDocument drone, String deliveryId) {
    if (!drone.isIdleAndFree() || drone.feasMissSet().contains(deliveryId)) {
      return new Outcome(Kind.DUPLICATE, Optional.empty());
    }
    int misses = drone.feasMiss() + 1;
    if (misses >= threshold) {
      return new Outcome(
          Kind.THRESHOLD_UNIQUE,
          Optional.of(drone.withControl(DroneStatus.CHARGING, null, 0, List.of())));
    }
    List<String> set = new ArrayList<>(drone.feasMissSet());
    set.add(deliveryId);
    return new Outcome(
        Kind.INCREMENT_UNIQUE, Optional.of(drone.withControl(drone.status(), null, misses, set)));
  }

  /**
   * A round's sightings of one drone, in pick order, applied one after the other as if each had
   * been written on its own: the round writes the drone once.
   */
  public Tally tally(DroneDocument drone, List<Sighting> sightings) {
    DroneDocument doc = drone;
    boolean changed = false;
    List<Step> steps = new ArrayList<>();
    for (Sighting s : sightings) {
      if (s.feasible()) {
        Optional<DroneDocument> reset = onFeasible(doc);
        if (reset.isPresent()) {
          doc = reset.get();
          changed = true;
          steps.add(new Step(Kind.RESET, s.deliveryId(), 0));
        }
        continue;
      }
      Outcome o = onInfeasible(doc, s.deliveryId());
      if (o.next().isPresent()) {
        doc = o.next().get();
        changed = true;
        steps.add(new Step(o.kind(), s.deliveryId(), doc.feasMiss()));
      }
    }
    return new Tally(changed ? Optional.of(doc) : Optional.empty(), steps);
  }

  /** The drone was found feasible: its counters are reset if it has any. */
  public Optional<DroneDocument> onFeasible(DroneDocument drone) {
    if (drone.feasMiss() == 0 && drone.feasMissSet().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(drone.withControl(drone.status(), drone.currentDelivery(), 0, List.of()));
  }
}
