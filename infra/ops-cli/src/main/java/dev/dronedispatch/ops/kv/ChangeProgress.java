package dev.dronedispatch.ops.kv;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * How far a membership change has got, as the coordinator running it reports: its {@code step}
 * ({@code installing}, {@code copying}, {@code handing_over}, then {@code done} or {@code failed}),
 * the epoch installed last, the streaming rounds (segments compared and still divergent in the last
 * one, copies made in all) and the nodes an install waits for.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChangeProgress(
    String action,
    String node,
    String step,
    long epoch,
    int rounds,
    int segments,
    int segmentsCompared,
    int segmentsDivergent,
    long copies,
    List<String> waitingFor,
    Optional<String> error,
    Instant startedAt,
    Instant updatedAt) {

  public ChangeProgress {
    waitingFor = waitingFor == null ? List.of() : List.copyOf(waitingFor);
    error = error == null ? Optional.empty() : error;
  }

  public boolean done() {
    return "done".equals(step);
  }

  public boolean failed() {
    return "failed".equals(step);
  }
}
