package dev.dronedispatch.checking.linearizability;

import java.util.Objects;

/**
 * One completed or pending operation on a single register, as a client saw it: when it was invoked
 * and when it returned ({@link #PENDING} when the outcome is unknown, e.g. a timeout: it may or may
 * not have taken effect, at any time after its invocation).
 */
public sealed interface RegisterOp {

  long PENDING = Long.MAX_VALUE;

  long invokedAt();

  long returnedAt();

  default boolean pending() {
    return returnedAt() == PENDING;
  }

  /** Applies the op to {@code state}: the next state, or {@link Step#INVALID} if it cannot. */
  Step apply(Integer state);

  /** The result of applying an op: legal or not, and the state after it. */
  record Step(boolean legal, Integer state) {
    public static final Step INVALID = new Step(false, null);
  }

  /** A read that returned {@code value} (null: absent). */
  record Read(Integer value, long invokedAt, long returnedAt) implements RegisterOp {
    @Override
    public Step apply(Integer state) {
      return Objects.equals(state, value) ? new Step(true, state) : Step.INVALID;
    }
  }

  /** An unconditional write. */
  record Write(Integer value, long invokedAt, long returnedAt) implements RegisterOp {
    @Override
    public Step apply(Integer state) {
      return new Step(true, value);
    }
  }

  /**
   * A compare-and-set from {@code expected} (null: absent) to {@code next}; {@code ok} its answer.
   */
  record Cas(Integer expected, Integer next, boolean ok, long invokedAt, long returnedAt)
      implements RegisterOp {
    @Override
    public Step apply(Integer state) {
      boolean matches = Objects.equals(state, expected);
      if (ok) {
        return matches ? new Step(true, next) : Step.INVALID;
      }
      return matches ? Step.INVALID : new Step(true, state);
    }
  }
}
