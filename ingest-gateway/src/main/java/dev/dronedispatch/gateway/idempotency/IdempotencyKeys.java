package dev.dronedispatch.gateway.idempotency;

import dev.dronedispatch.gateway.web.ApiProblem;
import dev.dronedispatch.gateway.web.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Accepted Idempotency-Key values: 1–255 visible ASCII characters. The key becomes part of a KV
 * key, so control characters and spaces are refused (the original let {@code /?#} break its
 * routing).
 */
public final class IdempotencyKeys {

  public static final String HEADER = "Idempotency-Key";
  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,255}");

  private IdempotencyKeys() {}

  public static Optional<String> validate(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String key = header.trim();
    // the draft's sf-string form "..." is accepted too
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1);
    }
    if (!VALID.matcher(key).matches()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "invalid-header",
          "Invalid header",
          HEADER + " must be 1 to 255 visible ASCII characters",
          List.of(new FieldError(HEADER, "must be 1 to 255 visible ASCII characters")),
          Map.of());
    }
    return Optional.of(key);
  }
}
