package dev.dronedispatch.kv.web;

/**
 * Why a request failed, in the service's own terms. Only the HTTP edge ({@link Problems}) turns it
 * into a status code and a problem body.
 */
public enum Failure {
  /** The request is not well-formed: HTTP syntax, JSON, fields, parameters, percent-encoding. */
  MALFORMED_REQUEST,
  /** The request line (in practice the URI) is longer than the server reads. */
  URI_TOO_LONG,
  /** The header section is larger than the server reads. */
  HEADERS_TOO_LARGE,
  /** The body is larger than the server accepts. */
  BODY_TOO_LARGE,
  /** A key is longer than the configured limit. */
  KEY_TOO_LARGE,
  /** A value is larger than the configured limit. */
  VALUE_TOO_LARGE,
  /** A batch holds more operations than the configured limit. */
  BATCH_TOO_LARGE,
  /** The body is not of the media type the route reads. */
  UNSUPPORTED_MEDIA_TYPE,
  /** The shared bearer token is missing or wrong. */
  UNAUTHORIZED,
  /** No route has this path. */
  NO_SUCH_ROUTE,
  /** The path exists, but not with this method. */
  METHOD_NOT_ALLOWED,
  /** The key has no live value. */
  KEY_NOT_FOUND,
  /** A node's membership is newer than the one the request was planned under: re-plan and retry. */
  STALE_MEMBERSHIP,
  /** A membership change conflicts with the membership as it is (a change under way, a member). */
  MEMBERSHIP_CONFLICT,
  /** The membership change names no member of the cluster. */
  NO_SUCH_MEMBER,
  /** The membership change is well-formed but cannot be made (fewer nodes than replicas). */
  MEMBERSHIP_REFUSED,
  /** Not enough nodes could be reached, or the server is shutting down; retrying may help. */
  UNAVAILABLE,
  /** A bug: logged with its cause, answered without internals. */
  INTERNAL
}
