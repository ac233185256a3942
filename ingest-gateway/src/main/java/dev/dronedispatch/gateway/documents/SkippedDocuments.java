package dev.dronedispatch.gateway.documents;

import dev.dronedispatch.model.documents.SkippedDocumentLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Where every KV read of the gateway leaves the documents that are not what their key promises: one
 * bad document must neither fail a listing or a sweep nor be served. Each one is skipped by its
 * reader and counted here in {@value #METER}{kind,defect} on every read, so the counter's rate
 * shows that it is still there; its key is logged once (per defect), not on every read, so a
 * listing polled every few seconds does not flood the log.
 */
public final class SkippedDocuments {

  public static final String METER = "gateway.documents.skipped";

  private final SkippedDocumentLog log;

  public SkippedDocuments(MeterRegistry metrics) {
    this.log =
        new SkippedDocumentLog(metrics, METER, LoggerFactory.getLogger(SkippedDocuments.class));
  }

  /** The valid document, or empty after recording why it is not one. */
  public <T> Optional<T> valid(Checked<T> checked) {
    if (checked instanceof Checked.Valid<T> valid) {
      return Optional.of(valid.value());
    }
    record((Checked.Invalid<T>) checked);
    return Optional.empty();
  }

  public void record(Checked.Invalid<?> invalid) {
    log.record(invalid.kind().wireName(), invalid.key(), invalid.defect().wireName());
  }
}
