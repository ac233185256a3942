package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.events.AssignmentDecision;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one pick: the best candidate if any and the best few after it (ranked by {@code
 * ranking}), how many drones were looked at, the rejections counted per reason, and the drones
 * whose rejection has consequences (due to charge, infeasible for this delivery, feasible again).
 * {@code idleOfClass} is, for a pick that chose nothing, how many drones of the delivery's class
 * were idle and free anywhere (-1 when a drone was chosen).
 */
public record PickResult(
    Optional<Candidate> chosen,
    List<Candidate> runnersUp,
    List<RankingKey> ranking,
    int idleOfClass,
    int considered,
    Map<Rejection, Integer> rejections,
    List<DroneView> batteryCritical,
    List<DroneView> infeasible,
    List<DroneView> feasible) {

  public PickResult {
    Map<Rejection, Integer> copy = new EnumMap<>(Rejection.class);
    copy.putAll(rejections);
    rejections = java.util.Collections.unmodifiableMap(copy);
    runnersUp = List.copyOf(runnersUp);
    ranking = List.copyOf(ranking);
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
    return mostFrequent().map(Rejection::wireName).orElse("no_candidate");
  }

  /** Why nothing was chosen, as the delivery's waiting reason. */
  public WaitReason waitReason() {
    return mostFrequent()
        .map(WaitReason::of)
        .orElse(idleOfClass > 0 ? WaitReason.OUT_OF_RANGE : WaitReason.NO_IDLE_DRONE);
  }

  private Optional<Rejection> mostFrequent() {
    return rejections.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  /** The rejection counts keyed by their wire names. */
  public Map<String, Integer> rejectionsByName() {
    Map<String, Integer> byReason = new LinkedHashMap<>();
    rejections.forEach((r, n) -> byReason.put(r.wireName(), n));
    return byReason;
  }

  /** The explanation carried by the {@code assigned} event. */
  public AssignmentDecision decision() {
    return new AssignmentDecision(
        considered,
        rejectionsByName(),
        chosen.map(Candidate::rankKeys).orElse(null),
        chosen
            .map(c -> runnersUp.stream().map(r -> r.rankKeys().lostOn(lostOn(r, c))).toList())
            .orElse(List.of()));
  }

  /** The first ranking key on which {@code runnerUp} is worse than {@code winner}. */
  private String lostOn(Candidate runnerUp, Candidate winner) {
    for (RankingKey key : ranking) {
      if (key.comparator().compare(runnerUp, winner) > 0) {
        return key.wireName();
      }
    }
    return "drone_number";
  }
}
