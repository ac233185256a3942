package dev.dronedispatch.gateway.drones;

import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.Bounds;
import dev.dronedispatch.model.zones.ZonesConfig;
import io.micrometer.core.instrument.MeterRegistry;
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
 * each with its {@code zone} computed from {@code pos}. Documents that are not valid drones ({@link
 * DroneDefect}) are skipped, counted ({@code gateway.drones.skipped{defect}}) and logged: one bad
 * document must neither fail the listing nor become a drone.
 */
public final class DroneService {

  /** The listing: valid drones in id order, and how many documents were skipped. */
  public record Listing(List<ObjectNode> items, int skipped) {}

  /** A stored document checked: the valid drone, or the defect that disqualifies it. */
  private record Checked(DroneDocument drone, DroneDefect defect) {}

  private static final Logger log = LoggerFactory.getLogger(DroneService.class);
  private static final int PAGE = 500;
  private static final int MAX_PAGES = 40;
  private static final int LOGGED_KEYS = 5;

  private final KvDocuments docs;
  private final ZonesService zones;
  private final MeterRegistry metrics;

  public DroneService(KvDocuments docs, ZonesService zones, MeterRegistry metrics) {
    this.docs = docs;
    this.zones = zones;
    this.metrics = metrics;
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
    List<DroneDocument> drones = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (KvEntry e : entries) {
      Checked checked = check(e, z.bounds());
      if (checked.drone() != null) {
        drones.add(checked.drone());
      } else {
        skipped.add(e.key() + " (" + checked.defect().wireName() + ")");
      }
    }
    if (!skipped.isEmpty()) {
      log.warn(
          "drone listing skipped {} invalid documents: {}{}",
          skipped.size(),
          String.join(", ", skipped.subList(0, Math.min(LOGGED_KEYS, skipped.size()))),
          skipped.size() > LOGGED_KEYS ? ", ..." : "");
    }
    drones.sort(
        Comparator.comparingInt((DroneDocument d) -> KvKeys.droneNumber(d.id()))
            .thenComparing(DroneDocument::id));
    return new Listing(drones.stream().map(d -> withZone(d, z)).toList(), skipped.size());
  }

  public Mono<Optional<ObjectNode>> get(String id) {
    return zones
        .current()
        .flatMap(
            z ->
                docs.client()
                    .get(KvKeys.drone(id))
                    .map(
                        entry -> {
                          if (entry.isEmpty()) {
                            return Optional.<ObjectNode>empty();
                          }
                          Checked checked = check(entry.get(), z.bounds());
                          if (checked.drone() == null) {
                            log.warn(
                                "drone document key={} is invalid ({}); answering not found",
                                entry.get().key(),
                                checked.defect().wireName());
                            return Optional.<ObjectNode>empty();
                          }
                          return Optional.of(withZone(checked.drone(), z));
                        }));
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

  private Checked check(KvEntry e, Bounds area) {
    DroneDefect defect;
    try {
      DroneDocument d = docs.decode(e, DroneDocument.class);
      Optional<DroneDefect> found = DroneDefect.of(e.key(), d, area);
      if (found.isEmpty()) {
        return new Checked(d, null);
      }
      defect = found.get();
    } catch (RuntimeException ex) {
      defect = DroneDefect.UNDECODABLE;
    }
    metrics.counter("gateway.drones.skipped", "defect", defect.wireName()).increment();
    return new Checked(null, defect);
  }

  private ObjectNode withZone(DroneDocument d, ZonesConfig z) {
    ObjectNode node = (ObjectNode) docs.encode(d);
    node.put("zone", z.zoneNameOf(d.pos()).orElse(null));
    return node;
  }
}
