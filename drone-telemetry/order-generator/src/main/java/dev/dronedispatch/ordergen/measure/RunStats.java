package dev.dronedispatch.ordergen.measure;

import dev.dronedispatch.ordergen.http.PostOutcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The POST side of a run: counts, errors by status, and two latency views — from the intended send
 * time (corrected for coordinated omission: a late send counts its waiting) and from the actual
 * send (service time only, for comparison).
 */
public final class RunStats {

  private final LongAdder sent = new LongAdder();
  private final LongAdder created = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LatencyMetric corrected = new LatencyMetric();
  private final LatencyMetric serviceTime = new LatencyMetric();

  public void sending() {
    sent.increment();
  }

  public void completed(PostOutcome outcome, long intendedNanos, long sentNanos, long doneNanos) {
    completed.increment();
    corrected.recordNanos(doneNanos - intendedNanos);
    serviceTime.recordNanos(doneNanos - sentNanos);
    if (outcome.accepted()) {
      if (outcome.status() == 201) {
        created.increment();
      } else {
        replayed.increment();
      }
    } else {
      String key =
          outcome.status() == 200 || outcome.status() == 201 ? "no_id" : outcome.errorKey();
      errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  public long sent() {
    return sent.sum();
  }

  public long created() {
    return created.sum();
  }

  public long replayed() {
    return replayed.sum();
  }

  public long completed() {
    return completed.sum();
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public Map<String, Long> errors() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public LatencyMetric corrected() {
    return corrected;
  }

  public LatencyMetric serviceTime() {
    return serviceTime;
  }
}
