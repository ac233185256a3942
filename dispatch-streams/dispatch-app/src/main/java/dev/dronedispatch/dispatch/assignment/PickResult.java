package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.events.AssignmentDecision;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one pick: the best candidate if any, how many drones were looked at, the
 * rejections counted per reason, and the drones whose rejection has consequences (due to charge,
 * infeasible for this delivery, feasible again).
 */
public record PickResult(
    Optional<Candidate> chosen,
    int considered,
    Map<Rejection, Integer> rejections,
    List<DroneView> batteryCritical,
    List<DroneView> infeasible,
    List<DroneView> feasible) {

  public PickResult {
    Map<Rejection, Integer> copy = new EnumMap<>(Rejection.class);
    copy.putAll(rejections);
    rejections = java.util.Collections.unmodifiableMap(copy);
    batteryCritical = List.copyOf(batteryCritical);
    infeasible = List.copyOf(infeasible);
    feasible = List.copyOf(feasible);
  }

  public int rejected(Rejection r) {
    return rejections.getOrDefault(r, 0);
  }

  /**
   * Why nothing was chosen, in one word for a metric: the most frequent rejection, or {@code
   * no_candidate} when no drone of the class was near enough to be looked at.
   */
  public String whyNone() {
    return rejections.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> e.getKey().wireName())
        .orElse("no_candidate");
  }

  /** The explanation carried by the {@code assigned} event. */
  public AssignmentDecision decision() {
    Map<String, Integer> byReason = new LinkedHashMap<>();
    rejections.forEach((r, n) -> byReason.put(r.wireName(), n));
    return new AssignmentDecision(
        considered, byReason, chosen.map(Candidate::rankKeys).orElse(null));
  }
}
