package dev.dronedispatch.gateway.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a request carrying an Idempotency-Key does, given what the key is bound to (IETF httpapi
 * idempotency-key draft): claim a free key, replay a finished one, refuse a different payload, wait
 * for one in flight, or take over one whose first request died. Pure.
 */
public enum IdempotencyDecision {
  /** No live binding (absent or expired): bind the key to a new delivery. */
  CLAIM,
  /** Bound to a different request: 422. */
  MISMATCH,
  /** Bound and finished: answer 200 with the delivery's current state. */
  REPLAY,
  /** Bound and still being created by someone else: wait, then replay or 409. */
  WAIT,
  /** Bound, unfinished and abandoned for longer than the take-over delay: finish it ourselves. */
  TAKE_OVER;

  public static IdempotencyDecision decide(
      Optional<IdempotencyRecord> bound, String fingerprint, Instant now, Duration takeoverAfter) {
    if (bound.isEmpty() || bound.get().expiredAt(now)) {
      return CLAIM;
    }
    IdempotencyRecord r = bound.get();
    if (!r.fingerprint().equals(fingerprint)) {
      return MISMATCH;
    }
    if (r.state() == IdempotencyRecord.State.COMPLETED) {
      return REPLAY;
    }
    return r.claimedAt().plus(takeoverAfter).isAfter(now) ? WAIT : TAKE_OVER;
  }
}
