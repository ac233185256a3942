package dev.dronedispatch.kv.web;

/** A request the service refuses: answered as a JSON problem with {@code status}, never a trace. */
public class ApiException extends RuntimeException {

  private final int status;
  private final String error;

  public ApiException(int status, String error, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.error = error;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "bad_request", detail);
  }

  public static ApiException tooLarge(String detail) {
    return new ApiException(413, "payload_too_large", detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not_found", detail);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(503, "unavailable", detail);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
