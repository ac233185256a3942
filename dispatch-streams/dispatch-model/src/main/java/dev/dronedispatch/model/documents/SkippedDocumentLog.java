package dev.dronedispatch.model.documents;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;

/**
 * How a reader of KV documents records one it skips because it is not what its key promises: the
 * skip is counted in the reader's meter {@code {kind,defect}} on every read, so the counter's rate
 * shows the document is still there, and its key is logged once per defect, not on every read, so a
 * listing polled every few seconds or a round every tick does not flood the log. Shared by the
 * gateway and the dispatcher, each with its own meter and logger.
 */
public final class SkippedDocumentLog {

  /** Keys already logged; bounded, so a flood of distinct bad keys cannot exhaust memory. */
  private final Cache<String, Boolean> logged = Caffeine.newBuilder().maximumSize(10_000).build();

  private final MeterRegistry metrics;
  private final String meter;
  private final Logger log;

  public SkippedDocumentLog(MeterRegistry metrics, String meter, Logger log) {
    this.metrics = metrics;
    this.meter = meter;
    this.log = log;
  }

  /** One skip of the document at {@code key}, of {@code kind}, for {@code defect} (wire names). */
  public void record(String kind, String key, String defect) {
    metrics.counter(meter, "kind", kind, "defect", defect).increment();
    if (logged.asMap().putIfAbsent(key + " " + defect, Boolean.TRUE) == null) {
      log.warn(
          "skipping {} document key={} ({}); counted in {}, logged once", kind, key, defect, meter);
    }
  }
}
