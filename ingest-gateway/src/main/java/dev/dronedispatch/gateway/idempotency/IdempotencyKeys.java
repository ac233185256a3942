package dev.dronedispatch.gateway.idempotency;

import java.util.regex.Pattern;

/**
 * Accepted Idempotency-Key values: 1–255 visible ASCII characters. The key becomes part of a KV
 * key, so control characters and spaces are refused (the original let {@code /?#} break its
 * routing).
 */
public final class IdempotencyKeys {

  public static final String HEADER = "Idempotency-Key";
  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,255}");

  private IdempotencyKeys() {}

  /** What {@code header} (the raw header value, or null when absent) gives. */
  public static KeyHeader read(String header) {
    if (header == null) {
      return new KeyHeader.Absent();
    }
    String key = header.trim();
    // the draft's sf-string form "..." is accepted too
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1);
    }
    return VALID.matcher(key).matches()
        ? new KeyHeader.Given(key)
        : new KeyHeader.Invalid("must be 1 to 255 visible ASCII characters");
  }
}
