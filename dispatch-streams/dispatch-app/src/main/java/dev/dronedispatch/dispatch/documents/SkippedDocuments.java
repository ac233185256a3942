package dev.dronedispatch.dispatch.documents;

import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.documents.SkippedDocumentLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Where the dispatcher leaves the documents that are not what their key promises: one bad document
 * written into the KV by anyone must not fail a punctuation (and with it the stream thread), nor be
 * acted on. Each one is counted in {@value #METER}{kind,defect} on every read, so the counter's
 * rate shows it is still there; its key is logged once per defect, not every round.
 */
public final class SkippedDocuments {

  public static final String METER = "dispatch.documents.skipped";

  private final SkippedDocumentLog log;

  public SkippedDocuments(MeterRegistry metrics) {
    this.log =
        new SkippedDocumentLog(metrics, METER, LoggerFactory.getLogger(SkippedDocuments.class));
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
    log.record(invalid.kind().wireName(), invalid.key(), invalid.defect().wireName());
  }
}
