package dev.dronedispatch.kv.rebalance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How far a membership change run by this coordinator has got: the step, the epoch installed last,
 * the streaming rounds (segments compared and still divergent in the last one, copies made in all),
 * the nodes an install waits for, and the error that stopped it, if any.
 */
public record ChangeProgress(
    String action,
    String node,
    Step step,
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

  /** A change's steps, in order; it ends in {@link #DONE} or {@link #FAILED}. */
  public enum Step {
    /**
     * Writing the next membership to every node; {@code waitingFor} names those still to take it.
     */
    INSTALLING,
    /** Streaming the moving ranges to their new homes, copies going to both rings meanwhile. */
    COPYING,
    /** Decisions on moving keys paused while the new homes take in the old homes' last ones. */
    HANDING_OVER,
    DONE,
    FAILED
  }

  public ChangeProgress {
    waitingFor = List.copyOf(waitingFor);
  }

  static ChangeProgress started(String action, String node, long epoch, Instant now) {
    return new ChangeProgress(
        action, node, Step.INSTALLING, epoch, 0, 0, 0, 0, 0, List.of(), Optional.empty(), now, now);
  }

  ChangeProgress installing(long epoch, List<String> waiting, Instant now) {
    return new ChangeProgress(
        action,
        node,
        Step.INSTALLING,
        epoch,
        rounds,
        segments,
        segmentsCompared,
        segmentsDivergent,
        copies,
        waiting,
        error,
        startedAt,
        now);
  }

  ChangeProgress streamed(
      Step step, int segments, int compared, int divergent, long copied, Instant now) {
    return new ChangeProgress(
        action,
        node,
        step,
        epoch,
        rounds + 1,
        segments,
        compared,
        divergent,
        copies + copied,
        List.of(),
        error,
        startedAt,
        now);
  }

  ChangeProgress done(Instant now) {
    return new ChangeProgress(
        action,
        node,
        Step.DONE,
        epoch,
        rounds,
        segments,
        segmentsCompared,
        segmentsDivergent,
        copies,
        List.of(),
        Optional.empty(),
        startedAt,
        now);
  }

  ChangeProgress failed(String why, Instant now) {
    return new ChangeProgress(
        action,
        node,
        Step.FAILED,
        epoch,
        rounds,
        segments,
        segmentsCompared,
        segmentsDivergent,
        copies,
        waitingFor,
        Optional.of(why),
        startedAt,
        now);
  }
}
