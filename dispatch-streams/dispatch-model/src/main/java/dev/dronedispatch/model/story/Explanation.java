package dev.dronedispatch.model.story;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DroneTelemetry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One delivery's story, as {@code ops explain --json} prints it and {@code GET
 * /deliveries/{id}/timeline} answers it: the steps of its timeline with the time spent in each,
 * each assignment's decision, and its drone's telemetry around each step.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Explanation(
    String deliveryId,
    String state,
    DeliveryRequested request,
    List<Step> timeline,
    List<Decision> decisions,
    List<Fixes> telemetry) {

  /**
   * A step entered at {@code at}; {@code spentS} is the time until the next step, or until {@code
   * asOf} for the last one of a delivery still in progress ({@code ongoing}; null once it ended).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Step(
      Instant at, String step, String droneId, String detail, Double spentS, boolean ongoing) {}

  /** An assignment: the winner, the rejections, and each runner-up with why it lost. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Decision(
      Instant at,
      String droneId,
      int candidatesConsidered,
      Map<String, Integer> rejections,
      AssignmentDecision.RankKeys chosen,
      List<RunnerUp> runnersUp) {}

  /** A runner-up's keys and, in words, the key it lost on against the winner's. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunnerUp(AssignmentDecision.RankKeys keys, String why) {}

  /** The drone's last record at or before a step and its first record after it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Fixes(
      Instant at, String step, String droneId, DroneTelemetry before, DroneTelemetry after) {}
}
