package dev.dronedispatch.kv.rebalance;

import dev.dronedispatch.kv.antientropy.AntiEntropy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How far a membership change run by this coordinator has got: the step, the epoch installed last,
 * its streaming so far, the nodes an install waits for, and the error that stopped it, if any.
 */
public record ChangeProgress(
    String action,
    String node,
    Step step,
    long epoch,
    Streaming streaming,
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

  /**
   * The anti-entropy rounds that streamed the moving ranges: how many ran, the segments of the last
   * one (compared, and still divergent), and the copies made in all.
   */
  public record Streaming(
      int rounds, int segments, int segmentsCompared, int segmentsDivergent, long copies) {
    static final Streaming NONE = new Streaming(0, 0, 0, 0, 0);

    Streaming after(AntiEntropy.Round r) {
      return new Streaming(
          rounds + 1,
          r.segments(),
          r.segmentsCompared(),
          r.segmentsDivergent(),
          copies + r.copies());
    }
  }

  public ChangeProgress {
    waitingFor = List.copyOf(waitingFor);
  }

  static ChangeProgress started(String action, String node, long epoch, Instant now) {
    return new ChangeProgress(
        action,
        node,
        Step.INSTALLING,
        epoch,
        Streaming.NONE,
        List.of(),
        Optional.empty(),
        now,
        now);
  }

  ChangeProgress installing(long epoch, List<String> waiting, Instant now) {
    return next(Step.INSTALLING, epoch, streaming, waiting, error, now);
  }

  ChangeProgress streamed(Step step, AntiEntropy.Round round, Instant now) {
    return next(step, epoch, streaming.after(round), List.of(), error, now);
  }

  ChangeProgress done(Instant now) {
    return next(Step.DONE, epoch, streaming, List.of(), Optional.empty(), now);
  }

  ChangeProgress failed(String why, Instant now) {
    return next(Step.FAILED, epoch, streaming, waitingFor, Optional.of(why), now);
  }

  private ChangeProgress next(
      Step step,
      long epoch,
      Streaming streaming,
      List<String> waitingFor,
      Optional<String> error,
      Instant now) {
    return new ChangeProgress(
        action, node, step, epoch, streaming, waitingFor, error, startedAt, now);
  }
}
