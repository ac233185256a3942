package dev.dronedispatch.kv.bench;

import reactor.core.publisher.Mono;

/**
 * A store the compare-and-set workloads run against (our KV service, or etcd for comparison): a key
 * holds a counter {@code n} under a per-key version that changes on every write.
 */
interface CasTarget {

  /** What a key holds: its version and counter. */
  record Versioned(long version, int n) {}

  /** A compare-and-set's answer: whether it applied, and what the key holds now either way. */
  record Answer(boolean applied, Versioned current) {}

  Mono<Versioned> put(String key, int n);

  Mono<Versioned> read(String key);

  /** Writes {@code n} if the key is still at {@code expectedVersion}. */
  Mono<Answer> compareAndSet(String key, long expectedVersion, int n);
}
