package dev.dronedispatch.kv.web;

/**
 * A request the service refuses or cannot serve, with a detail that is safe to show the client. The
 * HTTP edge answers it as a problem ({@link Problems}), never with a trace.
 */
public class ApiException extends RuntimeException {

  private final Failure failure;

  public ApiException(Failure failure, String detail) {
    super(detail, null, false, false);
    this.failure = failure;
  }

  public static ApiException malformed(String detail) {
    return new ApiException(Failure.MALFORMED_REQUEST, detail);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(Failure.UNAVAILABLE, detail);
  }

  public Failure failure() {
    return failure;
  }
}
