package dev.dronedispatch.kv.bench;

import reactor.core.publisher.Mono;

/** One kind of operation a logical client repeats; answers whether it succeeded. */
@FunctionalInterface
interface Workload {
  Mono<Boolean> next(int client);
}
