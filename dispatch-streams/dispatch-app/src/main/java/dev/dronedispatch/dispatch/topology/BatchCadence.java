package dev.dronedispatch.dispatch.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The beat on which the processors of one instance do their KV work, shared by all of them. Time is
 * cut into epochs: a task assigns the requests that arrived in an earlier epoch, and runs its round
 * and the governor its tick at most once per epoch ({@link #gate}), so the KV work of all tasks
 * bunches at the start of an epoch and leaves the stream thread free to take in records for the
 * rest of it. An epoch lasts twice the KV work done in the one before (at least the configured
 * beat, at most {@link #LONGEST}). Why: Streams runs due punctuators after every processing pass,
 * so when the processors' KV work filled every moment, each task took in one record between two
 * batches — batches of one delivery, and requests waiting in the topic while the backlog the
 * autoscaler sees stayed near zero.
 *
 * <p>With several stream threads the tasks' KV work runs in parallel, so the next epoch makes room
 * for the busiest thread's work, not for the sum over all threads.
 */
final class BatchCadence {

  /** The longest epoch: a round and a governance tick run at least this often. */
  static final Duration LONGEST = Duration.ofSeconds(5);

  private final long minMs;
  private final long maxMs;
  private boolean started;
  private long epoch;
  private long epochStartMs;
  private long epochMs;
  private final Map<Long, Long> workedNanosByThread = new HashMap<>();

  /** {@code min} and {@code max} bound an epoch's length. */
  BatchCadence(Duration min, Duration max) {
    this.minMs = Math.max(1, min.toMillis());
    this.maxMs = Math.max(this.minMs, max.toMillis());
    this.epochMs = this.minMs;
  }

  /** A gate that opens once per epoch, for one processor's periodic work. */
  Gate gate() {
    return new Gate();
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
      long busiest = workedNanosByThread.values().stream().mapToLong(n -> n).max().orElse(0);
      epochMs = Math.min(maxMs, Math.max(minMs, 2 * busiest / 1_000_000));
      workedNanosByThread.clear();
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

  /**
   * KV work done by a task, which the next epoch's length makes room for; measured on the decision
   * clock, so a test's mock clock (which stands still while the work runs) keeps epochs short.
   */
  synchronized void worked(Duration d) {
    workedNanosByThread.merge(Thread.currentThread().getId(), d.toNanos(), Long::sum);
  }

  /** Opens once per epoch of its cadence. */
  final class Gate {
    private long lastEpoch = -1;

    private Gate() {}

    /** Whether the work may run now: the first call in each epoch. */
    boolean open(long nowMs) {
      long epoch = epochAt(nowMs);
      if (epoch == lastEpoch) {
        return false;
      }
      lastEpoch = epoch;
      return true;
    }
  }
}
