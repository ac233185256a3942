package dev.dronedispatch.gateway.ratelimit;

/** Whether a request may pass the token buckets. */
public sealed interface RateDecision {

  record Allowed() implements RateDecision {}

  /** Refused by the {@code scope} bucket ("client" or "global"); a token is due in that long. */
  record Limited(String scope, long retryAfterSeconds) implements RateDecision {}
}
