package dev.dronedispatch.dispatch.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * When this task's rounds last resumed after a gap. A task that stalls (a rebalance waiting for a
 * group coordinator that moved, a transaction that cannot commit while a broker is down) announces
 * nothing: assignments it made just before may never have reached their drones, which then wait
 * where they are. Their stillness is the dispatcher's doing, not theirs, so a drone is judged stuck
 * only from the later of its assignment and the task's return. Pure.
 */
final class RoundGaps {

  private final Duration gapLimit;
  private Instant lastRound;
  private Instant resumedAt;

  /** Rounds further apart than {@code gapLimit} count as a stall. */
  RoundGaps(Duration gapLimit) {
    this.gapLimit = gapLimit;
  }

  /**
   * Notes a round at {@code now}; answers the gap when the round ends a stall, else zero. A task's
   * first round counts as a return too (its drones' clocks start there), with no gap to report.
   */
  Duration round(Instant now) {
    Duration gap = lastRound == null ? Duration.ZERO : Duration.between(lastRound, now);
    boolean resumes = lastRound == null || gap.compareTo(gapLimit) > 0;
    lastRound = now;
    if (resumes) {
      resumedAt = now;
      return gap;
    }
    return Duration.ZERO;
  }

  /** From when a drone assigned at {@code assignedAt} could have known of its assignment. */
  Instant knownSince(Instant assignedAt) {
    return assignedAt == null || resumedAt.isAfter(assignedAt) ? resumedAt : assignedAt;
  }
}
