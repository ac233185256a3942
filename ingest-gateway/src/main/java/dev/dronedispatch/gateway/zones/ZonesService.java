package dev.dronedispatch.gateway.zones;

import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The zones configuration: read from {@code zones_config}, bootstrapped from this gateway's grid
 * (GRID_ROWS × GRID_COLS over the fixed Rome rectangle) by a CAS from absent when missing, so
 * concurrent bootstraps by several gateways leave one value. The stored value wins over the local
 * grid; a difference is logged. A stored value that is not a valid configuration ({@link
 * ZonesDefect}) is recorded ({@link SkippedDocuments}) and left as it is, and the gateway goes on
 * with the last valid one it read, else its own grid: every endpoint that needs zones keeps
 * answering, and nothing overwrites a document someone may be repairing.
 */
public final class ZonesService {

  private static final Logger log = LoggerFactory.getLogger(ZonesService.class);

  private final KvDocuments docs;
  private final ZonesConfig local;
  private final SkippedDocuments skipped;
  private final AtomicReference<ZonesConfig> cached = new AtomicReference<>();

  public ZonesService(KvDocuments docs, int rows, int cols, SkippedDocuments skipped) {
    this.docs = docs;
    this.local = ZoneGrid.rome(rows, cols);
    this.skipped = skipped;
  }

  /** The grid this gateway would bootstrap. */
  public ZonesConfig local() {
    return local;
  }

  /** Reads the stored config, creating it when missing (GET /zones and start-up). */
  public Mono<ZonesConfig> ensure() {
    return docs.client()
        .get(KvKeys.ZONES_CONFIG)
        .flatMap(
            found -> {
              if (found.isPresent()) {
                return Mono.just(stored(found.get()));
              }
              return docs.create(KvKeys.ZONES_CONFIG, local)
                  .map(
                      result -> {
                        if (result instanceof CasResult.Applied) {
                          log.info("bootstrapped zones_config {}x{}", local.rows(), local.cols());
                          return local;
                        }
                        if (result instanceof CasResult.Conflict c && c.current().isPresent()) {
                          return stored(c.current().get());
                        }
                        return local;
                      });
            })
        .doOnNext(this::remember);
  }

  /** The stored config; when it is not a valid one, the last valid one read, else the local. */
  private ZonesConfig stored(KvEntry entry) {
    return skipped
        .valid(ZonesDefect.CHECK.check(entry, docs))
        .orElseGet(
            () -> {
              ZonesConfig last = cached.get();
              return last != null ? last : local;
            });
  }

  /**
   * The config for zone computations: the value {@link #ensure()} last answered (the fallback too,
   * so an invalid stored value is not read again on every request), or {@link #ensure()} once.
   */
  public Mono<ZonesConfig> current() {
    ZonesConfig z = cached.get();
    return z != null ? Mono.just(z) : ensure();
  }

  private void remember(ZonesConfig z) {
    ZonesConfig previous = cached.getAndSet(z);
    if (previous == null && (z.rows() != local.rows() || z.cols() != local.cols())) {
      log.warn(
          "stored zones_config is {}x{} but GRID_ROWS/GRID_COLS say {}x{}; using the stored one",
          z.rows(),
          z.cols(),
          local.rows(),
          local.cols());
    }
  }
}
