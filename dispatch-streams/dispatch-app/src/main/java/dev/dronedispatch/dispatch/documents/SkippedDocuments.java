package dev.dronedispatch.dispatch.documents;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dronedispatch.kv.client.Versioned;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the dispatcher leaves the documents that are not what their key promises: one bad document
 * written into the KV by anyone must not fail a punctuation (and with it the stream thread), nor be
 * acted on. Each one is counted in {@value #METER}{kind,defect} on every read, so the counter's
 * rate shows it is still there; its key is logged once per defect, not every round.
 */
public final class SkippedDocuments {

  public static final String METER = "dispatch.documents.skipped";

  private static final Logger log = LoggerFactory.getLogger(SkippedDocuments.class);

  /** Keys already logged; bounded, so a flood of distinct bad keys cannot exhaust memory. */
  private final Cache<String, Boolean> logged = Caffeine.newBuilder().maximumSize(10_000).build();

  private final MeterRegistry metrics;

  public SkippedDocuments(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  /** The valid document, or empty after recording why it is not one. */
  public <T> Optional<Versioned<T>> valid(Checked<T> checked) {
    if (checked instanceof Checked.Valid<T> valid) {
      return Optional.of(valid.document());
    }
    record((Checked.Invalid<T>) checked);
    return Optional.empty();
  }

  public void record(Checked.Invalid<?> invalid) {
    String kind = invalid.kind().wireName();
    String defect = invalid.defect().wireName();
    metrics.counter(METER, "kind", kind, "defect", defect).increment();
    if (logged.asMap().putIfAbsent(invalid.key() + " " + defect, Boolean.TRUE) == null) {
      log.warn(
          "skipping {} document key={} ({}); counted in {}, logged once",
          kind,
          invalid.key(),
          defect,
          METER);
    }
  }
}
