package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The KV service through its Java client; values are small JSON documents with a counter. With
 * several clients (one per coordinator) each key always goes through the same one, so the load
 * spreads over the coordinators.
 */
final class KvCasTarget implements CasTarget {

  private final List<? extends KvClient> clients;

  KvCasTarget(List<? extends KvClient> clients) {
    this.clients = List.copyOf(clients);
  }

  private KvClient kv(String key) {
    return clients.get(Math.floorMod(key.hashCode(), clients.size()));
  }

  static JsonNode doc(int n) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("n", n)
        .put("status", "idle")
        .put("battery", 87.5);
  }

  @Override
  public Mono<Versioned> put(String key, int n) {
    return kv(key).put(key, doc(n)).map(w -> new Versioned(w.version(), n));
  }

  @Override
  public Mono<Versioned> read(String key) {
    return kv(key).get(key).map(e -> versioned(e.orElseThrow()));
  }

  @Override
  public Mono<Answer> compareAndSet(String key, long expectedVersion, int n) {
    return kv(key)
        .compareAndSet(CasRequest.of(key, Expectation.version(expectedVersion), doc(n)))
        .map(
            r -> {
              if (r instanceof CasResult.Applied applied) {
                return new Answer(true, versioned(applied.entry()));
              }
              KvEntry current = ((CasResult.Conflict) r).current().orElseThrow();
              return new Answer(false, versioned(current));
            });
  }

  private static Versioned versioned(KvEntry e) {
    return new Versioned(e.version(), e.value().path("n").asInt());
  }
}
