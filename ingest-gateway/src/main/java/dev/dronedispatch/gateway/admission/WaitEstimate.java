package dev.dronedispatch.gateway.admission;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How long a new order of a class would wait for a drone, and what that figure rests on; {@code
 * assignmentsPerSecond} is null while no rate is known.
 */
public record WaitEstimate(Duration expectedWait, Basis basis, Double assignmentsPerSecond) {

  /** What the estimate rests on. */
  public enum Basis {
    /** Nothing pending: the next dispatch round takes it. */
    @JsonProperty("no_backlog")
    NO_BACKLOG,
    /** Pending ÷ the recent assignment rate: the time to serve everything ahead of it. */
    @JsonProperty("assignment_rate")
    ASSIGNMENT_RATE,
    /**
     * Too few assignments to measure a rate (a fresh system, or a stalled one): how long the oldest
     * pending delivery has waited so far, a lower bound of the wait.
     */
    @JsonProperty("oldest_pending")
    OLDEST_PENDING;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
