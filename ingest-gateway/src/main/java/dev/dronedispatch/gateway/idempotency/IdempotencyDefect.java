package dev.dronedispatch.gateway.idempotency;

import dev.dronedispatch.gateway.documents.DocumentCheck;
import dev.dronedispatch.model.documents.Defect;
import dev.dronedispatch.model.documents.DocumentKind;
import java.util.Optional;

/**
 * Why an {@code idem:*} document is not a binding ({@link IdempotencyRecord}): every field takes
 * part in a decision (replay, mismatch, wait, take-over with the same keys, expiry), so a record
 * without one binds nothing.
 */
public enum IdempotencyDefect implements Defect {
  /** Not a binding at all: not a JSON object of that shape, an unknown state. */
  UNDECODABLE,
  DELIVERY_ID_MISSING,
  FINGERPRINT_MISSING,
  STATE_MISSING,
  REQUESTED_AT_MISSING,
  CLAIMED_AT_MISSING,
  EXPIRES_AT_MISSING;

  /** How {@code idem:*} documents are read. */
  public static final DocumentCheck<IdempotencyRecord> CHECK =
      new DocumentCheck<>(
          DocumentKind.IDEMPOTENCY, IdempotencyRecord.class, UNDECODABLE, IdempotencyDefect::of);

  /** The defect of a decoded binding, if any. Pure. */
  public static Optional<IdempotencyDefect> of(String key, IdempotencyRecord r) {
    if (r.deliveryId() == null || r.deliveryId().isBlank()) {
      return Optional.of(DELIVERY_ID_MISSING);
    }
    if (r.fingerprint() == null) {
      return Optional.of(FINGERPRINT_MISSING);
    }
    if (r.state() == null) {
      return Optional.of(STATE_MISSING);
    }
    if (r.requestedAt() == null) {
      return Optional.of(REQUESTED_AT_MISSING);
    }
    if (r.claimedAt() == null) {
      return Optional.of(CLAIMED_AT_MISSING);
    }
    if (r.expiresAt() == null) {
      return Optional.of(EXPIRES_AT_MISSING);
    }
    return Optional.empty();
  }
}
