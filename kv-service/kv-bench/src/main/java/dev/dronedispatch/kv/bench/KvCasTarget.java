package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The KV service through its Java client; values are small JSON documents with a counter. */
final class KvCasTarget implements CasTarget {

  private final KvClient kv;

  KvCasTarget(KvClient kv) {
    this.kv = kv;
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
    return kv.put(key, doc(n)).map(w -> new Versioned(w.version(), n));
  }

  @Override
  public Mono<Versioned> read(String key) {
    return kv.get(key).map(e -> versioned(e.orElseThrow()));
  }

  @Override
  public Mono<Answer> compareAndSet(String key, long expectedVersion, int n) {
    return kv.compareAndSet(CasRequest.of(key, Expectation.version(expectedVersion), doc(n)))
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
