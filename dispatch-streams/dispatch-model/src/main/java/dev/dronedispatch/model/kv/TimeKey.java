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

  /**
   * The key of {@code epochMillis} (not before 1970) for {@code id}. Padded by hand: every created
   * delivery makes two of these, and {@code String.format} showed in the gateway's profile.
   */
  public static String of(long epochMillis, String id) {
    if (epochMillis < 0) {
      throw new IllegalArgumentException("a time key needs an instant after 1970: " + epochMillis);
    }
    String digits = Long.toString(epochMillis);
    StringBuilder key = new StringBuilder(DIGITS + 1 + id.length());
    key.append("0".repeat(Math.max(0, DIGITS - digits.length())));
    return key.append(digits).append(':').append(id).toString();
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
