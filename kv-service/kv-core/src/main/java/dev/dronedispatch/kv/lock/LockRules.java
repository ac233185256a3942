package dev.dronedispatch.kv.lock;

import java.util.Optional;

/**
 * Pure lock decisions. A free or expired lock goes to the caller with the next fencing token; one
 * held by someone else is refused with its expiry. Renew and release succeed only for the holder
 * with its token, before expiry. The token only ever grows, so it survives release, expiry and
 * restart.
 */
public final class LockRules {

  private LockRules() {}

  /**
   * The new state if {@code owner} gets the lock, empty if someone else holds it. The holder
   * acquiring again gets a new lease with the next token (as the in-memory fake does), which fences
   * off writes made under its previous lease.
   */
  public static Optional<LockState> acquire(LockState current, String owner, long ttlMs, long now) {
    if (current.heldAt(now) && !current.owner().equals(owner)) {
      return Optional.empty();
    }
    return Optional.of(new LockState(owner, current.token() + 1, now + ttlMs));
  }

  public static Optional<LockState> renew(
      LockState current, String owner, long token, long ttlMs, long now) {
    if (!current.heldBy(owner, token, now)) {
      return Optional.empty();
    }
    return Optional.of(new LockState(owner, token, now + ttlMs));
  }

  public static Optional<LockState> release(LockState current, String owner, long token, long now) {
    if (!current.heldBy(owner, token, now)) {
      return Optional.empty();
    }
    return Optional.of(new LockState(null, token, 0));
  }
}
