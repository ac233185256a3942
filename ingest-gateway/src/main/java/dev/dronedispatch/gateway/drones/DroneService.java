package dev.dronedispatch.gateway.drones;

import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drones as stored under {@code drone:{id}}, listed by a paged prefix scan (no drones_index key),
 * each with its {@code zone} computed from {@code pos}.
 */
public final class DroneService {

  private static final Logger log = LoggerFactory.getLogger(DroneService.class);
  private static final int PAGE = 500;
  private static final int MAX_PAGES = 40;

  private final KvDocuments docs;
  private final ZonesService zones;

  public DroneService(KvDocuments docs, ZonesService zones) {
    this.docs = docs;
    this.zones = zones;
  }

  public Mono<List<ObjectNode>> list() {
    return zones
        .current()
        .flatMap(
            z ->
                scan(ScanQuery.prefix(KvKeys.DRONE_PREFIX, PAGE), new ArrayList<>(), 1)
                    .map(
                        entries -> {
                          List<DroneDocument> drones = new ArrayList<>();
                          for (KvEntry e : entries) {
                            decode(e).ifPresent(drones::add);
                          }
                          drones.sort(
                              Comparator.comparingInt(
                                      (DroneDocument d) -> KvKeys.droneNumber(d.id()))
                                  .thenComparing(DroneDocument::id));
                          return drones.stream().map(d -> withZone(d, z)).toList();
                        }));
  }

  public Mono<Optional<ObjectNode>> get(String id) {
    return docs.client()
        .get(KvKeys.drone(id))
        .flatMap(
            entry ->
                entry.flatMap(this::decode).isEmpty()
                    ? Mono.just(Optional.<ObjectNode>empty())
                    : zones
                        .current()
                        .map(z -> Optional.of(withZone(decode(entry.get()).get(), z))));
  }

  private Mono<List<KvEntry>> scan(ScanQuery query, List<KvEntry> acc, int page) {
    return docs.client()
        .scan(query)
        .flatMap(
            entries -> {
              acc.addAll(entries);
              if (entries.size() < query.limit() || page >= MAX_PAGES) {
                return Mono.just(acc);
              }
              return scan(query.after(entries.get(entries.size() - 1).key()), acc, page + 1);
            });
  }

  private Optional<DroneDocument> decode(KvEntry e) {
    try {
      return Optional.of(docs.decode(e, DroneDocument.class));
    } catch (RuntimeException ex) {
      log.warn("undecodable drone document key={}: {}", e.key(), ex.toString());
      return Optional.empty();
    }
  }

  private ObjectNode withZone(DroneDocument d, ZonesConfig z) {
    ObjectNode node = (ObjectNode) docs.encode(d);
    String zone = d.pos() == null ? null : z.zoneNameOf(d.pos()).orElse(null);
    node.put("zone", zone);
    return node;
  }
}
