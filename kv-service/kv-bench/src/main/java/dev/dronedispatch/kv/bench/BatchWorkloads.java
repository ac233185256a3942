package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Flux;

/**
 * Workloads of {@link KvClient#batch}: each call is one batch of {@code size} operations on
 * distinct keys of the client's own (consecutive from a random one). CAS batches write at the
 * version each key was last seen at, as {@link CasWorkloads#cas()} does one key at a time.
 */
final class BatchWorkloads {

  private final KvClient kv;
  private final int keysPerClient;
  private final Map<String, Long> versions = new ConcurrentHashMap<>();

  /** {@code keysPerClient}: at least the largest batch, so a batch's keys are distinct. */
  BatchWorkloads(KvClient kv, int keysPerClient) {
    this.kv = kv;
    this.keysPerClient = keysPerClient;
  }

  /** Writes every key the clients use and remembers its version. */
  void seed(int clients) {
    Flux.range(0, clients * keysPerClient)
        .flatMap(
            i -> {
              String key = CasWorkloads.key(i / keysPerClient, i % keysPerClient);
              return kv.put(key, KvCasTarget.doc(0)).doOnNext(w -> versions.put(key, w.version()));
            },
            32)
        .blockLast();
  }

  /** A batch of CAS by version; succeeds when every one applied. */
  Workload cas(int size) {
    return client -> {
      List<String> keys = keys(client, size);
      List<KvOp> ops = new ArrayList<>(size);
      for (String key : keys) {
        long version = versions.get(key);
        ops.add(KvOp.casAtVersion(key, version, KvCasTarget.doc((int) version + 1)));
      }
      return kv.batch(ops)
          .map(
              results -> {
                boolean all = true;
                for (int i = 0; i < size; i++) {
                  all &= remember(keys.get(i), results.get(i));
                }
                return all;
              });
    };
  }

  /** A batch of gets; succeeds when every key was found. */
  Workload get(int size) {
    return client ->
        kv.batch(keys(client, size).stream().map(KvOp::get).toList())
            .map(
                results ->
                    results.stream()
                        .allMatch(
                            r -> r instanceof KvOpResult.Read read && read.entry().isPresent()));
  }

  /** Keeps the version a CAS answer reports; true if it applied. */
  private boolean remember(String key, KvOpResult result) {
    if (!(result instanceof KvOpResult.Compared compared)) {
      return false;
    }
    if (compared.cas() instanceof CasResult.Applied applied) {
      versions.put(key, applied.entry().version());
      return true;
    }
    if (compared.cas() instanceof CasResult.Conflict conflict) {
      conflict.current().map(KvEntry::version).ifPresent(v -> versions.put(key, v));
    }
    return false;
  }

  private List<String> keys(int client, int size) {
    int first = ThreadLocalRandom.current().nextInt(keysPerClient);
    List<String> keys = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      keys.add(CasWorkloads.key(client, (first + i) % keysPerClient));
    }
    return keys;
  }
}
