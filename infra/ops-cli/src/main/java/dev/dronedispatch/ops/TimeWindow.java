package dev.dronedispatch.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Parses the CLI's time options: ISO-8601 instants, or durations like 90s, 15m, 2h, 1d. */
final class TimeWindow {

  private TimeWindow() {}

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.length() < 2) {
      throw new IllegalArgumentException("duration like 90s, 15m, 2h or 1d expected: " + text);
    }
    long n;
    try {
      n = Long.parseLong(t.substring(0, t.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("duration like 90s, 15m, 2h or 1d expected: " + text, e);
    }
    switch (t.charAt(t.length() - 1)) {
      case 's':
        return Duration.ofSeconds(n);
      case 'm':
        return Duration.ofMinutes(n);
      case 'h':
        return Duration.ofHours(n);
      case 'd':
        return Duration.ofDays(n);
      default:
        throw new IllegalArgumentException("duration like 90s, 15m, 2h or 1d expected: " + text);
    }
  }

  /** The start of the window: {@code --from}, else now minus {@code --since}, else empty. */
  static Optional<Instant> start(Optional<String> from, Optional<String> since, Instant now) {
    if (from.isPresent()) {
      return Optional.of(Instant.parse(from.get()));
    }
    return since.map(s -> now.minus(parseDuration(s)));
  }
}
