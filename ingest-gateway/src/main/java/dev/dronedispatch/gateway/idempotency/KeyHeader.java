package dev.dronedispatch.gateway.idempotency;

import java.util.Optional;

/** The Idempotency-Key header of a request, as {@link IdempotencyKeys} reads it. */
public sealed interface KeyHeader {

  /** No header: the request is not idempotent. */
  record Absent() implements KeyHeader {}

  /** A usable key (quotes of the structured-field form removed). */
  record Given(String key) implements KeyHeader {}

  /** A header that breaks {@code rule}. */
  record Invalid(String rule) implements KeyHeader {}

  /** The key, when one was given; empty for a missing header (and for an invalid one). */
  default Optional<String> given() {
    return this instanceof Given g ? Optional.of(g.key()) : Optional.empty();
  }
}
