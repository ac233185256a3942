package dev.dronedispatch.model.events;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Why a drone was chosen: how many candidates were looked at, how many each filter rejected (by
 * reason), and the winner's rank keys.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AssignmentDecision(
    int candidatesConsidered, Map<String, Integer> rejections, RankKeys chosen) {

  public AssignmentDecision {
    rejections = Map.copyOf(rejections);
  }

  /**
   * The decision of an assignment announced from the KV after the transaction that made it was
   * lost: what the pick saw is gone with it.
   */
  public static AssignmentDecision recovered() {
    return new AssignmentDecision(0, Map.of("recovered", 1), null);
  }

  /** The chosen drone's sort keys, in ranking order. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RankKeys(
      String droneId,
      double distanceKm,
      long distanceBucket,
      int zoneRank,
      double battery,
      double speedKmh) {}
}
