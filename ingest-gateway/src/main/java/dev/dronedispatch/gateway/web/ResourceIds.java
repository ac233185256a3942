package dev.dronedispatch.gateway.web;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The syntax of the ids in paths ({@code /deliveries/{id}}, {@code /drones/{id}}): 1–128 ASCII
 * letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit. Every id the
 * system makes fits (UUIDs, {@code drone-N}); anything else cannot name a resource, so it is
 * refused with 400 at the edge instead of reaching the KV store, which refuses some keys itself
 * (NUL, over 512 bytes).
 */
public final class ResourceIds {

  public static final int MAX_LENGTH = 128;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String RULE =
      "must be 1 to "
          + MAX_LENGTH
          + " characters: ASCII letters, digits, '.', '_' or '-', starting with a letter or digit";

  private ResourceIds() {}

  /** Whether {@code id} is well-formed. */
  public static boolean valid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /** The id when it is well-formed; else a 400 problem naming the resource (not echoing the id). */
  public static String require(String id, String resource) {
    if (!valid(id)) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "invalid-id",
          "Invalid id",
          "a " + resource + " id " + RULE,
          List.of(new FieldError("id", RULE)),
          Map.of());
    }
    return id;
  }
}
