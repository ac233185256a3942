package dev.dronedispatch.kv.web;

/**
 * The one place a {@link Failure} becomes an HTTP answer: its status, problem type and title. The
 * type URIs follow the other DroneDispatch services' problem types.
 */
public final class Problems {

  private static final String TYPE_BASE = "https://dronedispatch.dev/problems/";

  private record Kind(int status, String slug, String title) {}

  private Problems() {}

  public static Problem of(Failure failure, String detail, String instance) {
    Kind kind = kindOf(failure);
    return new Problem(TYPE_BASE + kind.slug(), kind.title(), kind.status(), detail, instance);
  }

  private static Kind kindOf(Failure failure) {
    return switch (failure) {
      case MALFORMED_REQUEST -> new Kind(400, "bad-request", "Bad request");
      case URI_TOO_LONG -> new Kind(414, "uri-too-long", "URI too long");
      case HEADERS_TOO_LARGE ->
          new Kind(431, "header-fields-too-large", "Request header fields too large");
      case BODY_TOO_LARGE -> new Kind(413, "content-too-large", "Request body too large");
      case KEY_TOO_LARGE -> new Kind(413, "kv-key-too-large", "Key too large");
      case VALUE_TOO_LARGE -> new Kind(413, "kv-value-too-large", "Value too large");
      case UNSUPPORTED_MEDIA_TYPE ->
          new Kind(415, "unsupported-media-type", "Unsupported media type");
      case UNAUTHORIZED -> new Kind(401, "unauthorized", "Unauthorized");
      case NO_SUCH_ROUTE -> new Kind(404, "not-found", "Not found");
      case METHOD_NOT_ALLOWED -> new Kind(405, "method-not-allowed", "Method not allowed");
      case KEY_NOT_FOUND -> new Kind(404, "kv-key-not-found", "Key not found");
      case UNAVAILABLE -> new Kind(503, "kv-unavailable", "KV unavailable");
      case INTERNAL -> new Kind(500, "internal", "Internal error");
    };
  }
}
