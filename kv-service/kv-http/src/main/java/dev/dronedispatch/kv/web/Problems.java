package dev.dronedispatch.kv.web;

import dev.dronedispatch.kv.client.KvUnavailableException;
import io.netty.handler.codec.DecoderException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failure becomes an HTTP answer: a {@link Failure}'s status, problem type and
 * title, and which failure an error is. The type URIs follow the other DroneDispatch services'
 * problem types.
 */
public final class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private static final String TYPE_BASE = "https://dronedispatch.dev/problems/";

  private record Kind(int status, String slug, String title) {}

  private Problems() {}

  public static Problem of(Failure failure, String detail, String instance) {
    return of(failure, detail, instance, Map.of());
  }

  /** {@code members}: the problem's extension members (RFC 9457, section 3.2). */
  public static Problem of(
      Failure failure, String detail, String instance, Map<String, Object> members) {
    Kind kind = kindOf(failure);
    return new Problem(
        TYPE_BASE + kind.slug(), kind.title(), kind.status(), detail, instance, members);
  }

  /**
   * The problem {@code error} is: a refusal's own, the KV's unavailability (too few replicas, a
   * closing store), an undecodable body's bad request, or — for anything unexpected, which is
   * logged — an internal error that shows no internals.
   */
  public static Problem of(Throwable error, String instance) {
    if (error instanceof ApiException api) {
      return of(api.failure(), api.getMessage(), instance, api.members());
    }
    if (error instanceof KvUnavailableException unavailable) {
      return of(Failure.UNAVAILABLE, unavailable.getMessage(), instance);
    }
    if (error instanceof DecoderException) {
      return of(Failure.MALFORMED_REQUEST, "the request body could not be decoded", instance);
    }
    log.warn("request failed instance={} error={}", instance, error.toString(), error);
    return of(Failure.INTERNAL, "unexpected failure; the server log has the cause", instance);
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
      case BATCH_TOO_LARGE -> new Kind(413, "kv-batch-too-large", "Too many operations");
      case UNSUPPORTED_MEDIA_TYPE ->
          new Kind(415, "unsupported-media-type", "Unsupported media type");
      case UNAUTHORIZED -> new Kind(401, "unauthorized", "Unauthorized");
      case NO_SUCH_ROUTE -> new Kind(404, "not-found", "Not found");
      case METHOD_NOT_ALLOWED -> new Kind(405, "method-not-allowed", "Method not allowed");
      case KEY_NOT_FOUND -> new Kind(404, "kv-key-not-found", "Key not found");
      case STALE_MEMBERSHIP -> new Kind(409, "kv-stale-membership", "Membership is newer");
      case MEMBERSHIP_CONFLICT ->
          new Kind(409, "kv-membership-conflict", "Membership change conflicts");
      case NO_SUCH_MEMBER -> new Kind(404, "kv-no-such-member", "No such member");
      case MEMBERSHIP_REFUSED ->
          new Kind(422, "kv-membership-refused", "Membership change refused");
      case UNAVAILABLE -> new Kind(503, "kv-unavailable", "KV unavailable");
      case INTERNAL -> new Kind(500, "internal", "Internal error");
    };
  }
}
