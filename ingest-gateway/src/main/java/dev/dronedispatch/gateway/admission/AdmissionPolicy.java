package dev.dronedispatch.gateway.admission;

import dev.dronedispatch.gateway.admission.WaitEstimate.Basis;
import java.time.Duration;

/**
 * When a weight class stops taking new orders. Pure: the caller passes the measured backlog and the
 * class's previous verdict.
 *
 * <p>The estimate of a new order's wait is the class's pending count ÷ its recent assignment rate
 * (the dispatcher serves each class oldest first across the whole area, so the orders ahead of it
 * are that class's pending ones, wherever they are; a per-zone rate would mostly measure where
 * drones happened to be). The rate needs {@link #MIN_ASSIGNMENTS} assignments, or a full {@code
 * rateWindow} of history; without it (a fresh system, or one that assigns nothing) the estimate is
 * the oldest pending delivery's age, a lower bound: a fresh system is never closed for lack of a
 * rate, and a stalled one closes once its oldest order has waited over the limit.
 *
 * <p>A class closes when the estimate exceeds {@code maxWait} and opens again only when it falls to
 * {@code reopenBelow × maxWait}, so admission does not flap around the limit. Disabled, nothing
 * ever closes, but the estimate is still made (the ETA of accepted orders).
 */
public record AdmissionPolicy(
    boolean enabled, Duration maxWait, double reopenBelow, Duration rateWindow) {

  /** Assignments that make a rate trustworthy before a whole window of history exists. */
  public static final int MIN_ASSIGNMENTS = 5;

  public AdmissionPolicy {
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive: " + maxWait);
    }
    if (!(reopenBelow > 0 && reopenBelow <= 1)) {
      throw new IllegalArgumentException("reopenBelow must be in (0, 1]: " + reopenBelow);
    }
    if (rateWindow.isNegative() || rateWindow.isZero()) {
      throw new IllegalArgumentException("rateWindow must be positive: " + rateWindow);
    }
  }

  public WaitEstimate estimate(ClassBacklog b) {
    if (b.pending() == 0) {
      return new WaitEstimate(Duration.ZERO, Basis.NO_BACKLOG, rate(b));
    }
    Double perSecond = rate(b);
    if (perSecond == null || perSecond == 0) {
      return new WaitEstimate(b.oldestPendingAge(), Basis.OLDEST_PENDING, perSecond);
    }
    return new WaitEstimate(
        Duration.ofMillis(Math.round(b.pending() / perSecond * 1000)),
        Basis.ASSIGNMENT_RATE,
        perSecond);
  }

  /** Assignments per second over the observed span, or null while too little is known. */
  private Double rate(ClassBacklog b) {
    boolean fullWindow = b.observedFor().compareTo(rateWindow) >= 0;
    if (b.observedFor().isZero() || (!fullWindow && b.assignedRecently() < MIN_ASSIGNMENTS)) {
      return null;
    }
    return b.assignedRecently() / seconds(b.observedFor());
  }

  /** The class's verdict now, given whether it was closed at the previous evaluation. */
  public ClassAdmission decide(ClassBacklog b, boolean wasClosed) {
    WaitEstimate estimate = estimate(b);
    Duration reopenAt = Duration.ofMillis(Math.round(maxWait.toMillis() * reopenBelow));
    boolean closed =
        enabled && estimate.expectedWait().compareTo(wasClosed ? reopenAt : maxWait) > 0;
    // time to drain to the reopening point if nothing more came in; never more than the limit
    long retryAfterS =
        closed
            ? Math.max(
                1,
                Math.min(maxWait.toSeconds(), ceilSeconds(estimate.expectedWait().minus(reopenAt))))
            : 0;
    return ClassAdmission.of(b, estimate, closed, retryAfterS);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static long ceilSeconds(Duration d) {
    return (long) Math.ceil(seconds(d));
  }
}
