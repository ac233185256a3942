package dev.dronedispatch.kv.web;

import java.util.Map;

/**
 * A request the service refuses or cannot serve, with a detail that is safe to show the client. The
 * HTTP edge answers it as a problem ({@link Problems}), never with a trace.
 */
public class ApiException extends RuntimeException {

  private final Failure failure;
  private final Map<String, Object> members;

  public ApiException(Failure failure, String detail) {
    this(failure, detail, Map.of());
  }

  /** {@code members}: extension members of the problem answered (RFC 9457, section 3.2). */
  public ApiException(Failure failure, String detail, Map<String, Object> members) {
    super(detail, null, false, false);
    this.failure = failure;
    this.members = Map.copyOf(members);
  }

  public static ApiException malformed(String detail) {
    return new ApiException(Failure.MALFORMED_REQUEST, detail);
  }

  /** The original's answer for a key without a live value: detail "Key not found". */
  public static ApiException keyNotFound() {
    return new ApiException(Failure.KEY_NOT_FOUND, "Key not found");
  }

  public Failure failure() {
    return failure;
  }

  public Map<String, Object> members() {
    return members;
  }
}
