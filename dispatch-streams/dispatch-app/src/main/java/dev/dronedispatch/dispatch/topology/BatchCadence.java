package dev.dronedispatch.dispatch.topology;

import java.time.Duration;

/**
 * The beat on which the dispatch tasks of one instance assign their new arrivals, shared by all of
 * them. Time is cut into epochs; a task assigns the requests that arrived in an earlier epoch, so
 * the tasks batch together at the start of an epoch and then leave the stream thread to take in
 * records for the rest of it. An epoch lasts twice the KV work done in the one before (between the
 * configured linger and the round tick): a stream thread whose tasks' KV work filled every moment
 * would take in one record per task between two batches (Streams runs due punctuators after every
 * processing pass), so batches would stay at one delivery however long the queue.
 */
final class BatchCadence {

  private final long minMs;
  private final long maxMs;
  private boolean started;
  private long epoch;
  private long epochStartMs;
  private long epochMs;
  private long workedNanos;

  /** {@code min} and {@code max} bound an epoch's length. */
  BatchCadence(Duration min, Duration max) {
    this.minMs = Math.max(1, min.toMillis());
    this.maxMs = Math.max(this.minMs, max.toMillis());
    this.epochMs = this.minMs;
  }

  /**
   * The number of the epoch {@code nowMs} falls in; {@code nowMs} is the stream thread's wall clock
   * ({@code ProcessorContext.currentSystemTimeMs}, which tests drive), the first call starts epoch
   * 0.
   */
  synchronized long epochAt(long nowMs) {
    if (!started) {
      started = true;
      epochStartMs = nowMs;
    }
    if (nowMs - epochStartMs >= epochMs) {
      epochStartMs += epochMs;
      epoch++;
      epochMs = Math.min(maxMs, Math.max(minMs, 2 * workedNanos / 1_000_000));
      workedNanos = 0;
      if (nowMs - epochStartMs >= epochMs) {
        // idle epochs: skip them at the shortest length
        long idle = (nowMs - epochStartMs) / minMs;
        epoch += idle;
        epochStartMs += idle * minMs;
        epochMs = minMs;
      }
    }
    return epoch;
  }

  /** KV work done by a task, which the next epoch's length makes room for. */
  synchronized void worked(Duration d) {
    workedNanos += d.toNanos();
  }
}
