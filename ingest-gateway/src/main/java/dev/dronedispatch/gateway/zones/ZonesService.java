package dev.dronedispatch.gateway.zones;

import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvDocuments;
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
 * grid; a difference is logged.
 */
public final class ZonesService {

  private static final Logger log = LoggerFactory.getLogger(ZonesService.class);

  private final KvDocuments docs;
  private final ZonesConfig local;
  private final AtomicReference<ZonesConfig> cached = new AtomicReference<>();

  public ZonesService(KvDocuments docs, int rows, int cols) {
    this.docs = docs;
    this.local = ZoneGrid.rome(rows, cols);
  }

  /** The grid this gateway would bootstrap. */
  public ZonesConfig local() {
    return local;
  }

  /** Reads the stored config, creating it when missing (GET /zones and start-up). */
  public Mono<ZonesConfig> ensure() {
    return docs.read(KvKeys.ZONES_CONFIG, ZonesConfig.class)
        .flatMap(
            found -> {
              if (found.isPresent()) {
                return Mono.just(found.get().value());
              }
              return docs.create(KvKeys.ZONES_CONFIG, local)
                  .map(
                      result -> {
                        if (result instanceof CasResult.Applied) {
                          log.info("bootstrapped zones_config {}x{}", local.rows(), local.cols());
                          return local;
                        }
                        if (result instanceof CasResult.Conflict c && c.current().isPresent()) {
                          return docs.decode(c.current().get(), ZonesConfig.class);
                        }
                        return local;
                      });
            })
        .doOnNext(this::remember);
  }

  /** The config for zone computations: the cached stored value, or {@link #ensure()} once. */
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
