package dev.dronedispatch.ops.replay;

import java.time.Instant;
import java.util.Optional;

/**
 * Which records of a topic to re-read: from a time or an offset (of one partition), optionally only
 * one key (then only the key's partition is read), up to a time, at most {@code max}. Reading stops
 * at the end offsets seen when the replay starts, so it always terminates.
 */
public record ReplayQuery(
    String topic,
    Optional<Instant> from,
    Optional<Instant> to,
    Optional<Integer> partition,
    Optional<Long> fromOffset,
    Optional<String> key,
    long max) {

  /** Every record of {@code topic} stamped in [from, to); an empty bound is the topic's end. */
  public static ReplayQuery window(String topic, Optional<Instant> from, Optional<Instant> to) {
    return new ReplayQuery(
        topic, from, to, Optional.empty(), Optional.empty(), Optional.empty(), Long.MAX_VALUE);
  }

  public ReplayQuery {
    if (fromOffset.isPresent() && partition.isEmpty() && key.isEmpty()) {
      throw new IllegalArgumentException("an offset needs a partition (or a key)");
    }
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1");
    }
  }
}
