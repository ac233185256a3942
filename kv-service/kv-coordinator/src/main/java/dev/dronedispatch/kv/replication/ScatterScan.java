package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.replication.NodeClient.NodeFailure;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.KeyedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prefix scans: scatter to every live node (stand-ins hold hinted copies too), merge the pages
 * ({@link ScanMerge}) and continue from the bound until the page is full or every node is done.
 */
public final class ScatterScan {

  private final NodeHealth health;
  private final NodeClient nodes;

  public ScatterScan(NodeHealth health, NodeClient nodes) {
    this.health = health;
    this.nodes = nodes;
  }

  /** Live records by prefix, merged over every live node, in key order. */
  public Mono<List<KeyedRecord>> scan(
      List<NodeRef> nodes, String prefix, Optional<String> start, int limit, boolean reverse) {
    List<NodeRef> live = new ArrayList<>();
    for (NodeRef n : nodes) {
      if (health.isUp(n)) {
        live.add(n);
      }
    }
    if (live.isEmpty()) {
      return Mono.error(new KvUnavailableException("No backends"));
    }
    return scanFrom(live, prefix, start.orElse(null), limit, reverse, new ArrayList<>(), 0);
  }

  private Mono<List<KeyedRecord>> scanFrom(
      List<NodeRef> live,
      String prefix,
      String start,
      int limit,
      boolean reverse,
      List<KeyedRecord> acc,
      int rounds) {
    int page = Math.max(limit - acc.size(), 16);
    return Flux.fromIterable(live)
        .flatMap(
            n ->
                nodes
                    .scan(n, prefix, start, page, reverse)
                    .map(rs -> new ScanMerge.Page(rs, rs.size() >= page))
                    .onErrorResume(
                        NodeFailure.class,
                        f -> health.markDown(f, new ScanMerge.Page(List.of(), false))))
        .collectList()
        .flatMap(
            pages -> {
              ScanMerge.Round round = ScanMerge.merge(pages, reverse);
              for (KeyedRecord r : round.live()) {
                if (acc.size() < limit) {
                  acc.add(r);
                }
              }
              if (acc.size() >= limit || round.resumeAfter().isEmpty() || rounds > 1000) {
                return Mono.just(acc);
              }
              return scanFrom(
                  live, prefix, round.resumeAfter().get(), limit, reverse, acc, rounds + 1);
            });
  }
}
