package dev.dronedispatch.ops.backlog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's backlog as its topics tell it: when each delivery was requested and when it was first
 * assigned, or failed without ever being assigned (no drone took it before the deadline). Unlike a
 * dispatcher's own count, it includes the requests the dispatcher has not taken in yet. A delivery
 * handed back by a lost drone is not counted as waiting again: the backlog is about first waits.
 * Pure.
 */
public final class BacklogTimeline {

  /**
   * The backlog at {@code at}: deliveries requested and not yet assigned, and the oldest's wait.
   */
  public record Sample(Instant at, int pending, Duration oldestWait) {}

  private final Map<String, Instant> requestedAt;
  private final Map<String, Instant> assignedAt = new HashMap<>();
  private final Map<String, Instant> failedAt = new HashMap<>();

  public BacklogTimeline(Map<String, Instant> requestedAt) {
    this.requestedAt = Map.copyOf(requestedAt);
  }

  /** A delivery's assignment; only the first one counts (a replayed event changes nothing). */
  public void assigned(String deliveryId, Instant at) {
    assignedAt.merge(deliveryId, at, (a, b) -> a.isBefore(b) ? a : b);
  }

  /** A delivery's failure: it stops waiting then if it was never assigned. */
  public void failed(String deliveryId, Instant at) {
    failedAt.merge(deliveryId, at, (a, b) -> a.isBefore(b) ? a : b);
  }

  public Sample at(Instant t) {
    int pending = 0;
    Instant oldest = null;
    for (Map.Entry<String, Instant> r : requestedAt.entrySet()) {
      Instant assigned = assignedAt.get(r.getKey());
      Instant failed = failedAt.get(r.getKey());
      if (r.getValue().isAfter(t)
          || (assigned != null && !assigned.isAfter(t))
          || (failed != null && !failed.isAfter(t))) {
        continue;
      }
      pending++;
      if (oldest == null || r.getValue().isBefore(oldest)) {
        oldest = r.getValue();
      }
    }
    return new Sample(t, pending, oldest == null ? Duration.ZERO : Duration.between(oldest, t));
  }

  /** Samples from {@code from} to {@code to} inclusive, every {@code step}. */
  public List<Sample> every(Instant from, Instant to, Duration step) {
    List<Sample> samples = new ArrayList<>();
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      samples.add(at(t));
    }
    return samples;
  }

  /** Request→assigned of every delivery requested in [from, to] and assigned, in milliseconds. */
  public List<Long> requestToAssignedMs(Instant from, Instant to) {
    List<Long> out = new ArrayList<>();
    requestedAt.forEach(
        (id, requested) -> {
          Instant assigned = assignedAt.get(id);
          if (assigned != null && !requested.isBefore(from) && !requested.isAfter(to)) {
            out.add(Math.max(0, Duration.between(requested, assigned).toMillis()));
          }
        });
    return out;
  }

  /** How many deliveries were requested in [from, to]. */
  public long requestedBetween(Instant from, Instant to) {
    return requestedAt.values().stream().filter(t -> !t.isBefore(from) && !t.isAfter(to)).count();
  }
}
