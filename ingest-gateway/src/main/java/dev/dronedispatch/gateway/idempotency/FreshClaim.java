package dev.dronedispatch.gateway.idempotency;

import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.Versioned;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A binding of a free Idempotency-Key to a new delivery, not yet written: its write goes into the
 * creation's own KV batch as a CAS from absent, so the common case claims and stores in one round
 * trip.
 */
public record FreshClaim(String key, String kvKey, IdempotencyRecord record, JsonNode encoded) {

  /** Binds the key only if it is free. */
  public KvOp write() {
    return KvOp.create(kvKey, encoded);
  }

  /** What the request owns once {@link #write()} was applied at {@code version}. */
  public Claim.Owned ownedAt(long version) {
    return new Claim.Owned(
        record.deliveryId(),
        record.requestedAt(),
        Optional.of(new Claim.Binding(kvKey, new Versioned<>(record, version), false)));
  }

  /** The delivery id and instant the claim reserves, before it is known to hold. */
  public Claim.Owned tentative() {
    return new Claim.Owned(record.deliveryId(), record.requestedAt(), Optional.empty());
  }
}
