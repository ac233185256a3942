package dev.dronedispatch.ops.slo;

import dev.dronedispatch.checking.history.FailureCounts;
import dev.dronedispatch.checking.history.StatusEvents;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.measure.LatencySummary;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Folds {@code deliveries.status} events into SLO figures. A delivery counts once per milestone
 * (its first {@code assigned}, first {@code delivered} and first {@code failed} event), so
 * re-delivered duplicates do not skew the figures and a delivery handed back and assigned again
 * waited until its first assignment; events outside [from, to) or without {@code requested_at} are
 * skipped.
 */
public final class SloCalculator {

  /** The reason a failure is counted under when its event gives none. */
  static final String UNSTATED = "unstated";

  private static final long MAX_TRACKABLE_MS = Duration.ofDays(1).toMillis();

  private final Instant from;
  private final Instant to;
  private final Histogram toAssigned = new Histogram(MAX_TRACKABLE_MS, 3);
  private final Histogram toDelivered = new Histogram(MAX_TRACKABLE_MS, 3);
  private final Set<String> assigned = new HashSet<>();
  private final Set<String> delivered = new HashSet<>();
  private final Map<String, String> failureReasonOf = new HashMap<>();

  public SloCalculator(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("window must not be empty: " + from + " .. " + to);
    }
    this.from = from;
    this.to = to;
  }

  public void accept(DeliveryStatusChanged event) {
    if (event == null || event.ts() == null || event.requestedAt() == null) {
      return;
    }
    if (event.ts().isBefore(from) || !event.ts().isBefore(to)) {
      return;
    }
    long ms = Math.min(MAX_TRACKABLE_MS, event.sinceRequested().map(Duration::toMillis).orElse(0L));
    if (event.status() == DeliveryStatus.ASSIGNED && assigned.add(event.deliveryId())) {
      toAssigned.recordValue(ms);
    } else if (event.status() == DeliveryStatus.DELIVERED && delivered.add(event.deliveryId())) {
      toDelivered.recordValue(ms);
    } else if (event.status() == DeliveryStatus.FAILED) {
      failureReasonOf.putIfAbsent(
          event.deliveryId(), StatusEvents.failureReason(event).orElse(UNSTATED));
    }
  }

  public SloReport report() {
    double minutes = Duration.between(from, to).toMillis() / 60_000.0;
    return new SloReport(
        from,
        to,
        LatencySummary.ofMillis(toAssigned),
        LatencySummary.ofMillis(toDelivered),
        delivered.size() / minutes,
        FailureCounts.of(failureReasonOf.values()));
  }
}
