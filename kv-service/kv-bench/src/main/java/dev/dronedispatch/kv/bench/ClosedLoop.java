package dev.dronedispatch.kv.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Closed-loop load: {@code clients} logical clients, each issuing its next operation as soon as the
 * previous one answers. Clients are asynchronous chains, not threads, so on a 2-core machine the
 * load generator does not spend the CPU it measures on parking and waking 32 threads.
 */
final class ClosedLoop {

  /**
   * One measured cell: successes, refusals (a CAS conflict), errors (with the first one seen) and
   * the latencies of the successes.
   */
  record Cell(
      long ok,
      long refused,
      long errors,
      Optional<Throwable> firstError,
      Histogram latency,
      Duration measured) {
    double okPerSecond() {
      return ok / (measured.toNanos() / 1e9);
    }
  }

  private ClosedLoop() {}

  /** Runs {@code op} for a warm-up, then measures it for {@code measure}. */
  static Cell run(Workload op, int clients, Duration warmup, Duration measure) {
    Histogram hist = new ConcurrentHistogram(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    long measureFrom = System.nanoTime() + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    Flux.range(0, clients)
        .flatMap(
            client ->
                Mono.defer(
                        () -> {
                          long t0 = System.nanoTime();
                          return op.next(client)
                              .doOnNext(
                                  success -> {
                                    long t1 = System.nanoTime();
                                    if (t0 < measureFrom || t1 > end) {
                                      return;
                                    }
                                    if (success) {
                                      ok.incrementAndGet();
                                      hist.recordValue(t1 - t0);
                                    } else {
                                      refused.incrementAndGet();
                                    }
                                  })
                              .onErrorResume(
                                  e -> {
                                    errors.incrementAndGet();
                                    firstError.compareAndSet(null, e);
                                    return Mono.empty();
                                  });
                        })
                    .repeat(() -> System.nanoTime() < end),
            clients)
        .blockLast();
    return new Cell(
        ok.get(),
        refused.get(),
        errors.get(),
        Optional.ofNullable(firstError.get()),
        hist,
        measure);
  }
}
