package dev.dronedispatch.model.kv;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code {epoch-millis, 13 digits}:{id}}: the part of every key kept in time order (the KV's
 * delivery time index, the gateway's outbox, the dispatcher's waiting queue). Thirteen zero-padded
 * digits make lexicographic order time order for every instant from 1970 to the year 2286, so a
 * prefix scan or an ordered store walks the oldest first.
 */
public record TimeKey(Instant at, String id) {

  private static final int DIGITS = 13;

  public TimeKey {
    if (at.toEpochMilli() < 0 || id.isEmpty()) {
      throw new IllegalArgumentException("a time key needs an instant after 1970 and an id");
    }
  }

  /** {@code at}'s key for {@code id}. */
  public static String of(Instant at, String id) {
    return of(at.toEpochMilli(), id);
  }

  /** The key of {@code epochMillis} for {@code id}. */
  public static String of(long epochMillis, String id) {
    return String.format("%0" + DIGITS + "d:%s", epochMillis, id);
  }

  /** The instant and id of {@code key}, or empty when it is not of this shape. */
  public static Optional<TimeKey> parse(String key) {
    if (key.length() <= DIGITS + 1
        || key.charAt(DIGITS) != ':'
        || !key.substring(0, DIGITS).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(
        new TimeKey(
            Instant.ofEpochMilli(Long.parseLong(key.substring(0, DIGITS))),
            key.substring(DIGITS + 1)));
  }

  @Override
  public String toString() {
    return of(at, id);
  }
}
