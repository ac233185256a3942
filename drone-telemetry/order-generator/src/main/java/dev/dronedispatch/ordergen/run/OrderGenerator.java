package dev.dronedispatch.ordergen.run;

import dev.dronedispatch.model.measure.LatencySummary;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.ordergen.http.GatewayClient;
import dev.dronedispatch.ordergen.http.PostOutcome;
import dev.dronedispatch.ordergen.measure.DeliveryTracker;
import dev.dronedispatch.ordergen.measure.Report;
import dev.dronedispatch.ordergen.measure.RunStats;
import dev.dronedispatch.ordergen.measure.StatusFollower;
import dev.dronedispatch.ordergen.orders.Order;
import dev.dronedispatch.ordergen.orders.OrderFactory;
import dev.dronedispatch.ordergen.profile.ArrivalSchedule;
import dev.dronedispatch.ordergen.profile.BurstyProfile;
import dev.dronedispatch.ordergen.profile.ConstantRate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.utils.ExponentialBackoff;

/**
 * An open-loop order generator: orders are due at the times an {@link ArrivalSchedule} gives
 * (constant rate, or the original's bursty Poisson cycle), sent with at most {@code concurrency} in
 * flight, and every latency is measured from the due time, so a generator that falls behind (a slow
 * gateway, all permits taken) shows up in the figures instead of hiding. Embeddable: {@link #start}
 * returns at once; {@link #stop} ends the run early; {@link #report} waits for the final report.
 * Progress lines and the report go to the given stream.
 */
public final class OrderGenerator implements AutoCloseable {

  /** 1 s doubling to 30 s, with jitter, between attempts to reach a broker that is not ready. */
  private static final ExponentialBackoff KAFKA_BACKOFF =
      new ExponentialBackoff(1_000, 2, 30_000, 0.2);

  private final OrderGenSettings settings;
  private final PrintStream out;
  private final RunStats stats = new RunStats();
  private final DeliveryTracker tracker = new DeliveryTracker();
  private final MeterRegistry metrics = new SimpleMeterRegistry();
  private final CompletableFuture<Report> done = new CompletableFuture<>();
  private final Semaphore permits;
  private final ScheduledExecutorService progress;
  private final GatewayClient gateway;
  private final Thread pacer;
  private volatile boolean running = true;
  private volatile long startNanos;
  private volatile long sendingNanos;
  private volatile BurstyProfile bursty;

  private OrderGenerator(OrderGenSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.permits = new Semaphore(settings.concurrency());
    this.progress = Executors.newSingleThreadScheduledExecutor(daemon("ordergen-progress"));
    this.gateway =
        new GatewayClient(
            settings.gatewayUrl(),
            settings.apiKey(),
            settings.requestTimeout(),
            settings.concurrency());
    this.pacer = daemon("ordergen-pacer").newThread(this::run);
  }

  public static OrderGenerator start(OrderGenSettings settings, PrintStream out) {
    OrderGenerator gen = new OrderGenerator(settings, out);
    gen.pacer.start();
    return gen;
  }

  /** Ends sending now; answered and in-flight orders still make it into the report. */
  public void stop() {
    running = false;
    LockSupport.unpark(pacer);
  }

  public boolean isDone() {
    return done.isDone();
  }

  /** Waits for the run to end and answers its report. */
  public Report report(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("order generator failed", e.getCause());
    }
  }

  public RunStats stats() {
    return stats;
  }

  private void run() {
    StatusFollower follower = null;
    try {
      ZonesConfig zones = awaitZones();
      if (settings.kafkaBootstrap().isPresent()) {
        follower = followStatuses(settings.kafkaBootstrap().get());
      }
      SplittableRandom random = new SplittableRandom(settings.seed());
      OrderFactory orders =
          new OrderFactory(zones, settings.weightMin(), settings.weightMax(), random.split());
      ArrivalSchedule schedule = schedule(random.split());
      out.printf(
          Locale.ROOT,
          "[ordergen] %s to %s, concurrency %d, %d zones%n",
          settings.mode(),
          settings.gatewayUrl(),
          settings.concurrency(),
          zones.zones().size());
      long startEpochNanos = epochNanos(Instant.now());
      startNanos = System.nanoTime();
      long interval = settings.progressInterval().toNanos();
      progress.scheduleAtFixedRate(this::printProgress, interval, interval, TimeUnit.NANOSECONDS);
      send(schedule, orders, startEpochNanos);
      awaitInFlight();
      sendingNanos = System.nanoTime() - startNanos;
      settle();
      progress.shutdownNow();
      Report report = report();
      out.print(report.format());
      out.flush();
      done.complete(report);
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
    } finally {
      progress.shutdownNow();
      if (follower != null) {
        follower.close();
      }
      gateway.close();
    }
  }

  /**
   * Starts following {@code deliveries.status}, trying again with back-off while the broker is not
   * ready (orders wait: those sent before the follower is positioned would go unmeasured). Null if
   * the run is stopped meanwhile.
   */
  private StatusFollower followStatuses(String bootstrap) {
    for (long attempt = 0; running; attempt++) {
      try {
        return StatusFollower.start(bootstrap, tracker, metrics);
      } catch (RetriableException notReady) {
        long waitMs = KAFKA_BACKOFF.backoff(attempt);
        out.printf(
            Locale.ROOT,
            "[ordergen] not ready: Kafka at %s (%s); next attempt in %.1f s%n",
            bootstrap,
            notReady.getMessage(),
            waitMs / 1e3);
        out.flush();
        LockSupport.parkNanos(Duration.ofMillis(waitMs).toNanos());
      }
    }
    return null;
  }

  private ArrivalSchedule schedule(SplittableRandom random) {
    if (settings.rate().isPresent()) {
      return new ConstantRate(settings.rate().get());
    }
    bursty = new BurstyProfile(settings.cycle(), random);
    return bursty;
  }

  private ZonesConfig awaitZones() {
    long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
    while (running) {
      Optional<ZonesConfig> zones = gateway.zones();
      if (zones.isPresent()) {
        return zones.get();
      }
      if (System.nanoTime() > deadline) {
        out.printf(
            "[ordergen] %s/zones not ready after %s; using the local %dx%d grid%n",
            settings.gatewayUrl(),
            settings.readyTimeout(),
            settings.gridRows(),
            settings.gridCols());
        break;
      }
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
    }
    return ZoneGrid.rome(settings.gridRows(), settings.gridCols());
  }

  private void send(ArrivalSchedule schedule, OrderFactory orders, long startEpochNanos) {
    long limitNanos = settings.duration().isZero() ? Long.MAX_VALUE : settings.duration().toNanos();
    long intended = 0;
    long count = 0;
    while (running && (settings.total() == 0 || count < settings.total())) {
      OptionalLong next = schedule.next(intended);
      if (next.isEmpty() || next.getAsLong() >= limitNanos) {
        break;
      }
      intended = next.getAsLong();
      long due = startNanos + intended;
      if (!sleepUntil(due) || !acquirePermit()) {
        break;
      }
      count++;
      Order order = orders.next();
      long intendedEpoch = startEpochNanos + intended;
      long sentAt = System.nanoTime();
      stats.sending();
      gateway
          .post(order, UUID.randomUUID().toString())
          .whenComplete(
              (outcome, error) -> {
                PostOutcome result =
                    error != null
                        ? new PostOutcome(
                            0, Optional.empty(), Optional.of(error.getClass().getSimpleName()))
                        : outcome;
                stats.completed(result, due, sentAt, System.nanoTime());
                result.deliveryId().ifPresent(id -> tracker.accepted(id, intendedEpoch));
                permits.release();
              });
    }
  }

  private boolean sleepUntil(long dueNanos) {
    while (running) {
      long wait = dueNanos - System.nanoTime();
      if (wait <= 0) {
        return true;
      }
      LockSupport.parkNanos(wait);
    }
    return false;
  }

  private boolean acquirePermit() {
    try {
      while (running) {
        if (permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void awaitInFlight() {
    long waitMs = settings.requestTimeout().toMillis() + 5_000;
    try {
      if (permits.tryAcquire(settings.concurrency(), waitMs, TimeUnit.MILLISECONDS)) {
        permits.release(settings.concurrency());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** With status tracking, waits (up to the settle time) for every accepted order's delivery. */
  private void settle() {
    if (settings.kafkaBootstrap().isEmpty() || settings.settle().isZero()) {
      return;
    }
    long deadline = System.nanoTime() + settings.settle().toNanos();
    while (running && tracker.awaitingDelivery() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  private void printProgress() {
    double t = (System.nanoTime() - startNanos) / 1e9;
    LatencySummary post = stats.corrected().interval();
    LatencySummary assigned = tracker.toAssigned().interval();
    LatencySummary delivered = tracker.toDelivered().interval();
    String phase =
        bursty == null ? "" : " phase=" + bursty.phaseAt(System.nanoTime() - startNanos).name();
    out.printf(
        Locale.ROOT,
        "[ordergen] t=%.0fs%s sent=%d ok=%d err=%d inflight=%d | post %s | assigned %s | delivered %s%n",
        t,
        phase,
        stats.sent(),
        stats.created() + stats.replayed(),
        stats.errorCount(),
        settings.concurrency() - permits.availablePermits(),
        post.format(),
        assigned.format(),
        delivered.format());
    out.flush();
  }

  private Report report() {
    double elapsed = sendingNanos / 1e9;
    return new Report(
        settings.mode(),
        elapsed,
        stats.sent(),
        stats.created(),
        stats.replayed(),
        stats.completed(),
        elapsed > 0 ? stats.completed() / elapsed : 0,
        stats.errors(),
        stats.corrected().total(),
        stats.serviceTime().total(),
        settings.kafkaBootstrap().isPresent(),
        tracker.toAssigned().total(),
        tracker.toDelivered().total(),
        tracker.awaitingAssignment(),
        tracker.awaitingDelivery(),
        (long)
            metrics.find(StatusFollower.DEAD_LETTERS).counters().stream()
                .mapToDouble(Counter::count)
                .sum());
  }

  private static long epochNanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    stop();
    try {
      done.get(settings.requestTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the run failed or hangs; its threads are daemons and the executors are shut down
    } finally {
      gateway.close();
      progress.shutdownNow();
    }
  }
}
