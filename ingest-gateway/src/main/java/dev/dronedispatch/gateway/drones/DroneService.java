package dev.dronedispatch.gateway.drones;

import dev.dronedispatch.gateway.documents.DocumentCheck;
import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.model.documents.DroneDefect;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drones as stored under {@code drone:{id}}, listed by a paged prefix scan (no drones_index key),
 * each with its {@code zone} computed from {@code pos}. Documents that are not valid drones ({@link
 * DroneDefect}) are skipped and recorded ({@link SkippedDocuments}): one bad document must neither
 * fail the listing nor become a drone.
 */
public final class DroneService {

  /** The listing: valid drones in id order, and how many documents were skipped. */
  public record Listing(List<ObjectNode> items, int skipped) {}

  private static final int PAGE = 500;
  private static final int MAX_PAGES = 40;

  private final KvDocuments docs;
  private final ZonesService zones;
  private final SkippedDocuments skipped;

  public DroneService(KvDocuments docs, ZonesService zones, SkippedDocuments skipped) {
    this.docs = docs;
    this.zones = zones;
    this.skipped = skipped;
  }

  public Mono<Listing> list() {
    return zones
        .current()
        .flatMap(
            z ->
                scan(ScanQuery.prefix(KvKeys.DRONE_PREFIX, PAGE), new ArrayList<>(), 1)
                    .map(entries -> listing(entries, z)));
  }

  private Listing listing(List<KvEntry> entries, ZonesConfig z) {
    DocumentCheck<DroneDocument> check = DocumentCheck.drones(z.bounds());
    List<DroneDocument> drones = new ArrayList<>();
    for (KvEntry e : entries) {
      skipped.valid(check.check(e, docs)).ifPresent(drones::add);
    }
    drones.sort(
        Comparator.comparingInt((DroneDocument d) -> KvKeys.droneNumber(d.id()))
            .thenComparing(DroneDocument::id));
    return new Listing(
        drones.stream().map(d -> withZone(d, z)).toList(), entries.size() - drones.size());
  }

  /** The drone; empty when absent or not a valid drone. */
  public Mono<Optional<ObjectNode>> get(String id) {
    return zones
        .current()
        .flatMap(
            z ->
                docs.client()
                    .get(KvKeys.drone(id))
                    .map(
                        entry ->
                            entry
                                .flatMap(
                                    e ->
                                        skipped.valid(
                                            DocumentCheck.drones(z.bounds()).check(e, docs)))
                                .map(d -> withZone(d, z))));
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

  private ObjectNode withZone(DroneDocument d, ZonesConfig z) {
    ObjectNode node = (ObjectNode) docs.encode(d);
    node.put("zone", z.zoneNameOf(d.pos()).orElse(null));
    return node;
  }
}
