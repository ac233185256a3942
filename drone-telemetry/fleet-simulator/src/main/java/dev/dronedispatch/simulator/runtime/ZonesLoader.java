package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import reactor.core.publisher.Mono;

/**
 * Reads {@code zones_config}; when it is missing, creates it (CAS from absent) from the same
 * deterministic grid the gateway builds, so the simulator does not depend on the gateway having
 * started first (the original crashed and relied on restarts).
 */
final class ZonesLoader {

  private ZonesLoader() {}

  static Mono<ZonesConfig> load(KvDocuments docs, int rows, int cols) {
    return docs.read(KvKeys.ZONES_CONFIG, ZonesConfig.class)
        .flatMap(
            existing -> {
              if (existing.isPresent()) {
                return Mono.just(existing.get().value());
              }
              ZonesConfig built = ZoneGrid.rome(rows, cols);
              return docs.create(KvKeys.ZONES_CONFIG, built)
                  .map(result -> winner(docs, result, built));
            });
  }

  private static ZonesConfig winner(KvDocuments docs, CasResult result, ZonesConfig built) {
    if (result instanceof CasResult.Conflict conflict && conflict.current().isPresent()) {
      Versioned<ZonesConfig> v = docs.decodeVersioned(conflict.current().get(), ZonesConfig.class);
      return v.value();
    }
    return built;
  }
}
