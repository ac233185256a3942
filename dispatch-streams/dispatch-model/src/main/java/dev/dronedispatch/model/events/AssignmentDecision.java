package dev.dronedispatch.model.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Why a drone was chosen: how many candidates were looked at, how many each filter rejected (by
 * reason), the winner's rank keys, and the best few of the other drones that passed every filter,
 * each with the rank key it lost on. Runners-up come from the drones the pick looked at: it stops
 * at the first ring of distance no drone of which could beat the winner.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AssignmentDecision(
    int candidatesConsidered,
    Map<String, Integer> rejections,
    RankKeys chosen,
    List<RankKeys> runnersUp) {

  /** How many runners-up an assignment carries at most. */
  public static final int RUNNERS_UP = 3;

  public AssignmentDecision {
    rejections = Map.copyOf(rejections);
    // events written before runners-up were recorded have none
    runnersUp = runnersUp == null ? List.of() : List.copyOf(runnersUp);
  }

  /**
   * The decision of an assignment announced from the KV after the transaction that made it was
   * lost: what the pick saw is gone with it.
   */
  public static AssignmentDecision recovered() {
    return new AssignmentDecision(0, Map.of("recovered", 1), null, List.of());
  }

  /**
   * A candidate's sort keys, in ranking order; {@code lost_on} names, for a runner-up, the first
   * ranking key on which it was worse than the winner ({@code drone_number} when they tied on every
   * key), and is absent on the winner.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RankKeys(
      String droneId,
      double distanceKm,
      long distanceBucket,
      int zoneRank,
      double battery,
      double speedKmh,
      @JsonInclude(JsonInclude.Include.NON_NULL) String lostOn) {

    /** These keys as a runner-up's, lost on {@code key}. */
    public RankKeys lostOn(String key) {
      return new RankKeys(droneId, distanceKm, distanceBucket, zoneRank, battery, speedKmh, key);
    }
  }
}
