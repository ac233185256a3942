package dev.dronedispatch.gateway.idempotency;

import dev.dronedispatch.kv.client.Versioned;
import java.time.Instant;
import java.util.Optional;

/** The outcome of binding an Idempotency-Key (or of a request without one). */
public sealed interface Claim {

  /** This request creates the delivery; {@code binding} is empty when no key was sent. */
  record Owned(String deliveryId, Instant requestedAt, Optional<Binding> binding)
      implements Claim {}

  /** The key's delivery exists: replay it. */
  record Replay(String deliveryId) implements Claim {}

  /** The key is bound to another payload. */
  record Mismatch(String deliveryId) implements Claim {}

  /** Another request with this key is still creating the delivery. */
  record InFlight(String deliveryId) implements Claim {}

  /** The key's record as this request holds it, to complete it by CAS on its version. */
  record Binding(String key, Versioned<IdempotencyRecord> record, boolean takenOver) {}
}
