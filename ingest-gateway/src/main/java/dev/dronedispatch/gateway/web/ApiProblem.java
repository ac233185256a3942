package dev.dronedispatch.gateway.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A client-facing failure rendered as an RFC 9457 problem document. {@code slug} becomes the
 * problem {@code type}; {@code errors} names the offending fields; {@code headers} are added to the
 * response (e.g. {@code Retry-After}); {@code extensions} are further members of the document
 * (snake_case names, e.g. the figures behind a refusal).
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  /** Set once, by {@link #withExtensions}, before the problem is thrown. */
  private Map<String, Object> extensions = Map.of();

  public ApiProblem(
      HttpStatus status,
      String slug,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  /** This problem with further members in its document, in the map's order (nulls allowed). */
  public ApiProblem withExtensions(Map<String, Object> members) {
    ApiProblem copy = new ApiProblem(status, slug, title, detail(), errors, headers);
    copy.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    return copy;
  }

  public static ApiProblem of(HttpStatus status, String slug, String title, String detail) {
    return new ApiProblem(status, slug, title, detail, List.of(), Map.of());
  }

  public static ApiProblem invalid(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    return new ApiProblem(
        HttpStatus.UNPROCESSABLE_ENTITY, "validation", "Invalid request", detail, errors, Map.of());
  }

  public static ApiProblem notFound(String what) {
    return of(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " not found");
  }

  public HttpStatus status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }
}
