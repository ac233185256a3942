package dev.dronedispatch.kv.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Flux;

/**
 * The compare-and-set workloads, the same for every {@link CasTarget}. Each client owns {@code
 * keysPerClient} keys (distinct across clients) unless {@code hot}, when all share one key.
 *
 * <ul>
 *   <li>{@link #cas()}: increment a counter by CAS at the version the client last saw — from the
 *       seeding write, its own previous CAS, or the current version a refused CAS answers with — as
 *       a writer that keeps its records' versions does. One request per attempt.
 *   <li>{@link #readThenCas()}: read the key, then CAS at the version read. Two requests per
 *       attempt; the latency is of both.
 * </ul>
 */
final class CasWorkloads {

  private final CasTarget target;
  private final int keysPerClient;
  private final boolean hot;
  private final Map<String, CasTarget.Versioned> known = new ConcurrentHashMap<>();

  CasWorkloads(CasTarget target, int keysPerClient, boolean hot) {
    this.target = target;
    this.keysPerClient = keysPerClient;
    this.hot = hot;
  }

  /** Writes every key the clients use and remembers its version. */
  void seed(int clients) {
    Flux.range(0, hot ? 1 : clients * keysPerClient)
        .flatMap(
            i -> {
              String key = hot ? hotKey() : key(i / keysPerClient, i % keysPerClient);
              return target.put(key, 0).doOnNext(v -> known.put(key, v));
            },
            32)
        .blockLast();
  }

  Workload cas() {
    return client -> {
      String key = randomKey(client);
      CasTarget.Versioned seen = known.get(key);
      return target
          .compareAndSet(key, seen.version(), seen.n() + 1)
          .map(
              answer -> {
                known.put(key, answer.current());
                return answer.applied();
              });
    };
  }

  Workload readThenCas() {
    return client -> {
      String key = randomKey(client);
      return target
          .read(key)
          .flatMap(v -> target.compareAndSet(key, v.version(), v.n() + 1))
          .map(CasTarget.Answer::applied);
    };
  }

  String randomKey(int client) {
    return hot ? hotKey() : key(client, ThreadLocalRandom.current().nextInt(keysPerClient));
  }

  static String key(int client, int k) {
    return "bench:" + client + ":" + k;
  }

  private static String hotKey() {
    return "bench:hot";
  }
}
