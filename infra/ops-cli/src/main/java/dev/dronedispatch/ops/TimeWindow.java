package dev.dronedispatch.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses the CLI's time options: ISO-8601 instants, or durations like 90s, 15m, 2h, 1d. A value it
 * cannot read is a {@link TypeConversionException}, so picocli reports it as a usage error that
 * names the option and the accepted formats.
 */
final class TimeWindow {

  private static final String DURATION_FORMATS =
      "a whole number followed by s, m, h or d, e.g. 90s, 15m, 2h, 1d";

  private TimeWindow() {}

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long n;
    try {
      n = Long.parseLong(t.substring(0, Math.max(0, t.length() - 1)));
    } catch (NumberFormatException e) {
      throw notADuration(text);
    }
    if (n < 0) {
      throw notADuration(text);
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
        throw notADuration(text);
    }
  }

  static Instant parseInstant(String text) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + text + "' is not an ISO-8601 instant: use e.g. 2026-11-23T10:00:00Z");
    }
  }

  /** The start of the window: {@code --from}, else now minus {@code --since}, else empty. */
  static Optional<Instant> start(Optional<Instant> from, Optional<Duration> since, Instant now) {
    return from.or(() -> since.map(now::minus));
  }

  private static TypeConversionException notADuration(String text) {
    return new TypeConversionException("'" + text + "' is not a duration: use " + DURATION_FORMATS);
  }
}
