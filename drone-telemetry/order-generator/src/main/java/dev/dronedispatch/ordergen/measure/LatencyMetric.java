package dev.dronedispatch.ordergen.measure;

import dev.dronedispatch.model.measure.LatencySummary;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency distribution, recorded from any thread into an HdrHistogram {@link Recorder} (in
 * microseconds, 3 significant digits, up to an hour) and read as intervals for progress lines plus
 * the running total for the final report.
 */
public final class LatencyMetric {

  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  private final Recorder recorder = new Recorder(MAX_MICROS, 3);
  private final Histogram total = new Histogram(MAX_MICROS, 3);
  private Histogram recycled;

  public void recordNanos(long nanos) {
    recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
  }

  /** What was recorded since the previous call (also added to the total). */
  public synchronized LatencySummary interval() {
    Histogram h = recorder.getIntervalHistogram(recycled);
    total.add(h);
    recycled = h;
    return LatencySummary.ofMicros(h);
  }

  /** Everything recorded so far. */
  public synchronized LatencySummary total() {
    interval();
    return LatencySummary.ofMicros(total);
  }
}
