package dev.dronedispatch.kv.lock;

import java.util.Optional;

/** What a caller asks of a lock, with who it is; {@link #decide} applies {@link LockRules}. */
public sealed interface LockAction {

  String owner();

  /** Take the lock for {@code ttlMs}, or a new lease with the next token if already held. */
  record Acquire(String owner, long ttlMs) implements LockAction {}

  /** Extend the lease held with {@code token} to {@code ttlMs} from now. */
  record Renew(String owner, long token, long ttlMs) implements LockAction {}

  /** Give up the lease held with {@code token}. */
  record Release(String owner, long token) implements LockAction {}

  /** The lock's next state at {@code nowMs}, empty when the action is refused. */
  default Optional<LockState> decide(LockState current, long nowMs) {
    if (this instanceof Acquire a) {
      return LockRules.acquire(current, a.owner(), a.ttlMs(), nowMs);
    }
    if (this instanceof Renew r) {
      return LockRules.renew(current, r.owner(), r.token(), r.ttlMs(), nowMs);
    }
    Release r = (Release) this;
    return LockRules.release(current, r.owner(), r.token(), nowMs);
  }
}
