package dev.dronedispatch.bench.ingest;

import dev.dronedispatch.model.measure.LatencySummary;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.ordergen.http.GatewayClient;
import dev.dronedispatch.ordergen.http.PostOutcome;
import dev.dronedispatch.ordergen.measure.LatencyMetric;
import dev.dronedispatch.ordergen.orders.OrderFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Keyed POST /deliveries offered open-loop at a constant rate: order i is due at i / rate, and its
 * latency runs from that instant to its answer, so a stalled server is charged for the requests it
 * kept waiting (no coordinated omission). At most {@code concurrency} requests are outstanding; a
 * send held back by that cap is still measured from its due time.
 */
public final class OpenLoopPosts {

  /** What one run offered and got back. */
  public record Result(
      long sent,
      long created,
      long replayed,
      Map<String, Long> errors,
      long serverFailures,
      LatencySummary latency,
      Duration elapsed) {

    /** 201s a second over the time from the first send to the last answer. */
    public double acceptedPerSecond() {
      return created * 1e9 / Math.max(1, elapsed.toNanos());
    }

    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final GatewayClient gateway;
  private final Semaphore permits;
  private final int concurrency;
  private final OrderFactory orders =
      new OrderFactory(ZoneGrid.rome(2, 2), 0.2, 10.0, new SplittableRandom(42));

  /** {@code apiKey}: the order client's key the gateway asks for. */
  public OpenLoopPosts(String url, String apiKey, int concurrency, Duration timeout) {
    this.gateway = new GatewayClient(url, java.util.Optional.of(apiKey), timeout, concurrency);
    this.concurrency = concurrency;
    this.permits = new Semaphore(concurrency);
  }

  /**
   * Offers {@code rate} POSTs a second for {@code duration} (fewer when {@code concurrency} POSTs
   * are outstanding until the window ends), waits for every answer, and adds the ids of the
   * deliveries answered 201 to {@code accepted}.
   */
  public Result run(double rate, Duration duration, Set<String> accepted)
      throws InterruptedException {
    return run(rate, duration, duration, () -> true, accepted);
  }

  /**
   * Like {@link #run(double, Duration, Set)} for at least {@code shortest}, then on until {@code
   * enough} says so or {@code longest} has passed: for a run whose length depends on something else
   * happening during it (a number of faults, say).
   */
  public Result run(
      double rate,
      Duration shortest,
      Duration longest,
      BooleanSupplier enough,
      Set<String> accepted)
      throws InterruptedException {
    LatencyMetric latency = new LatencyMetric();
    Map<String, Long> errors = new ConcurrentHashMap<>();
    AtomicLong created = new AtomicLong();
    AtomicLong replayed = new AtomicLong();
    AtomicLong serverFailures = new AtomicLong();
    double intervalNanos = 1e9 / rate;
    long start = System.nanoTime();
    long shortestEnd = start + shortest.toNanos();
    long end = start + Math.max(shortest.toNanos(), longest.toNanos());
    long sent = 0;
    for (long i = 0; ; i++, sent++) {
      long due = start + (long) (i * intervalNanos);
      if (due >= end || (due >= shortestEnd && enough.getAsBoolean())) {
        break;
      }
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      // With every permit taken the gateway answers slower than offered: the offer stops at the
      // end of its window instead of stretching it, and "sent" says what could be offered.
      if (!permits.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        break;
      }
      gateway
          .post(orders.next(), UUID.randomUUID().toString())
          .whenComplete(
              (outcome, error) -> {
                latency.recordNanos(System.nanoTime() - due);
                PostOutcome o =
                    error != null
                        ? new PostOutcome(
                            0, Optional.empty(), Optional.of(error.getClass().getSimpleName()))
                        : outcome;
                if (o.status() == 201) {
                  created.incrementAndGet();
                  o.deliveryId().ifPresent(accepted::add);
                } else if (o.status() == 200) {
                  replayed.incrementAndGet();
                } else {
                  errors.merge(o.errorKey(), 1L, Long::sum);
                }
                if (o.unexplainedServerError()) {
                  serverFailures.incrementAndGet();
                }
                permits.release();
              });
    }
    permits.acquire(concurrency);
    permits.release(concurrency);
    return new Result(
        sent,
        created.get(),
        replayed.get(),
        Map.copyOf(errors),
        serverFailures.get(),
        latency.total(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  public void close() {
    gateway.close();
  }
}
