package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.startup.StartupProgress;
import dev.dronedispatch.model.zones.ZonesConfig;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import dev.dronedispatch.simulator.fleet.Autopilot;
import dev.dronedispatch.simulator.fleet.DroneFault;
import dev.dronedispatch.simulator.fleet.DroneState;
import dev.dronedispatch.simulator.fleet.Fleet;
import dev.dronedispatch.simulator.fleet.FleetLayout;
import dev.dronedispatch.simulator.fleet.MissionLookup;
import dev.dronedispatch.simulator.fleet.PhysicalFix;
import dev.dronedispatch.simulator.management.FaultSwitch;
import dev.dronedispatch.simulator.startup.StartupFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The running fleet simulator. One scheduler thread owns the {@link Fleet}: it ticks every drone at
 * {@code DRONE_TICK_SEC}, publishes their telemetry, and every {@code KV_WRITE_INTERVAL_SEC} starts
 * a bounded-concurrency merge of the changed drones' physical fields into the KV. Kafka events and
 * KV read results reach the fleet through an inbox drained at the start of each tick, so no drone
 * state is shared between threads and no thread exists per drone.
 */
public final class FleetSimulator implements FaultSwitch, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private final SimulatorConfig config;
  private final KvDocuments docs;
  private final MeterRegistry registry;
  private final ConcurrentLinkedQueue<Consumer<Fleet>> inbox = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService scheduler;
  private final Map<DroneStatus, AtomicInteger> byStatus = new EnumMap<>(DroneStatus.class);
  private final AtomicInteger stranded = new AtomicInteger();
  private final AtomicLong staleFleetEvents = new AtomicLong();
  private final Map<DroneFault, AtomicInteger> byFault = new EnumMap<>(DroneFault.class);
  private final Counter ticks;
  private final Timer tickTimer;
  private final Counter strandings;

  private volatile Fleet fleet;
  private CompletableFuture<Void> currentFlush = CompletableFuture.completedFuture(null);
  private Autopilot autopilot;
  private ZonesConfig zones;
  private KvPhysicsWriter kvWriter;
  private MissionLoader missions;
  private TelemetryPublisher publisher;
  private DispatcherEventsConsumer events;
  private long lastTickNanos;
  private volatile long lastTickCompletedNanos;
  private volatile boolean closed;

  private FleetSimulator(SimulatorConfig config, KvClient kv, MeterRegistry registry) {
    this.config = config;
    this.docs = new KvDocuments(kv, Json.mapper());
    this.registry = registry;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fleet-simulator-tick");
              t.setDaemon(true);
              return t;
            });
    for (DroneStatus s : DroneStatus.values()) {
      AtomicInteger n = new AtomicInteger();
      byStatus.put(s, n);
      Gauge.builder("simulator.drones", n, AtomicInteger::get)
          .tag("status", s.wireName())
          .register(registry);
    }
    Gauge.builder("simulator.drones.stranded", stranded, AtomicInteger::get).register(registry);
    FunctionCounter.builder("simulator.fleet_events.stale", staleFleetEvents, AtomicLong::get)
        .description("fleet events dropped because a newer one for the drone was applied")
        .register(registry);
    for (DroneFault f : DroneFault.values()) {
      AtomicInteger n = new AtomicInteger();
      byFault.put(f, n);
      Gauge.builder("simulator.drones.faulted", n, AtomicInteger::get)
          .tag("mode", f.wireName())
          .register(registry);
    }
    this.ticks = registry.counter("simulator.ticks");
    this.tickTimer = registry.timer("simulator.tick.duration");
    this.strandings = registry.counter("simulator.strandings");
  }

  /**
   * Loads the zones, registers the fleet, subscribes to the dispatcher's events and starts ticking.
   * Blocks until the fleet is registered.
   */
  public static FleetSimulator start(SimulatorConfig config, KvClient kv, MeterRegistry registry) {
    return start(config, kv, registry, new StartupProgress());
  }

  /**
   * As {@link #start(SimulatorConfig, KvClient, MeterRegistry)}; a transient failure (the KV or the
   * broker not answering yet) is retried with back-off until the start succeeds, each attempt
   * recorded in {@code progress} for the health endpoint. Other failures end the start.
   */
  public static FleetSimulator start(
      SimulatorConfig config, KvClient kv, MeterRegistry registry, StartupProgress progress) {
    FleetSimulator sim = new FleetSimulator(config, kv, registry);
    try {
      sim.bootRetrying(progress);
      return sim;
    } catch (RuntimeException e) {
      sim.close();
      throw e;
    }
  }

  private void bootRetrying(StartupProgress progress) {
    Counter retries = registry.counter("simulator.startup.retries");
    while (true) {
      try {
        boot();
        progress.started();
        return;
      } catch (RuntimeException e) {
        if (closed || !StartupFailures.isTransient(e)) {
          throw e;
        }
        if (events != null) {
          events.close();
          events = null;
        }
        Duration wait = progress.failed(e);
        retries.increment();
        log.atWarn()
            .addKeyValue("attempt", progress.failedAttempts())
            .addKeyValue("retry_in_ms", wait.toMillis())
            .log("start failed on a transient error, trying again: {}", e.toString());
        sleep(wait);
      }
    }
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  private void boot() {
    zones = ZonesLoader.load(docs, config.gridRows(), config.gridCols()).block(STARTUP_TIMEOUT);
    autopilot = new Autopilot(config.physics(), zones);
    kvWriter = new KvPhysicsWriter(docs);
    missions = new MissionLoader(docs);
    events = new DispatcherEventsConsumer(config.kafkaBootstrapServers(), registry);
    events.seekToEnd(STARTUP_TIMEOUT);

    FleetLayout layout = new FleetLayout(config.fleetSeed(), zones);
    List<Registration> registered =
        new FleetRegistrar(docs, config, layout).registerAll().block(STARTUP_TIMEOUT);
    Fleet f =
        new Fleet(
            System.currentTimeMillis(),
            config.telemetryHeartbeat(),
            d -> {
              strandings.increment();
              log.atWarn()
                  .addKeyValue("drone_id", d.id())
                  .addKeyValue("pos", d.pos())
                  .log("drone ran out of battery and stopped");
            });
    for (Registration r : registered) {
      f.add(r.state(), r.currentDelivery()).ifPresent(this::lookUp);
      if (r.missingPos()) {
        f.markKvDirty(r.state().id());
      }
    }
    publisher = new TelemetryPublisher(config.kafkaBootstrapServers(), registry);
    run(() -> this.fleet = f).join();
    publishCounts(f);
    log.atInfo()
        .addKeyValue("drones", registered.size())
        .addKeyValue("zones", zones.zones().size())
        .addKeyValue("tick_ms", config.tick().toMillis())
        .addKeyValue("time_acceleration", config.timeAcceleration())
        .log("fleet registered");

    events.start(
        new DispatcherEventsConsumer.Sink() {
          @Override
          public void fleetEvent(FleetEvent e) {
            inbox.add(fl -> fl.onFleetEvent(e).ifPresent(FleetSimulator.this::lookUp));
          }

          @Override
          public void statusChanged(DeliveryStatusChanged e) {
            inbox.add(fl -> fl.onStatusChanged(e).ifPresent(FleetSimulator.this::lookUp));
          }
        });
    long tickNanos = config.tick().toNanos();
    lastTickNanos = System.nanoTime();
    lastTickCompletedNanos = lastTickNanos;
    scheduler.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    long kvNanos = config.kvWriteInterval().toNanos();
    scheduler.scheduleWithFixedDelay(this::flushKv, kvNanos, kvNanos, TimeUnit.NANOSECONDS);
  }

  private CompletableFuture<Void> run(Runnable r) {
    return CompletableFuture.runAsync(r, scheduler);
  }

  private void lookUp(MissionLookup lookup) {
    missions
        .load(lookup)
        .subscribe(
            doc ->
                inbox.add(
                    fl -> {
                      if (doc.isPresent()) {
                        if (fl.onMissionLoaded(lookup, doc.get())) {
                          log.atInfo()
                              .addKeyValue("drone_id", lookup.droneId())
                              .addKeyValue("delivery_id", doc.get().id())
                              .log("mission loaded");
                        }
                      } else {
                        fl.onMissionNotFound(lookup.droneId(), lookup.deliveryId());
                      }
                    }),
            error -> {
              log.atWarn()
                  .addKeyValue("drone_id", lookup.droneId())
                  .addKeyValue("delivery_id", lookup.deliveryId().orElse(null))
                  .log("mission lookup failed: {}", error.toString());
              inbox.add(fl -> fl.onMissionNotFound(lookup.droneId(), lookup.deliveryId()));
            });
  }

  private void drainInbox() {
    Consumer<Fleet> command;
    while ((command = inbox.poll()) != null) {
      command.accept(fleet);
    }
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      double realSeconds = Math.min((now - lastTickNanos) / 1e9, 5 * config.tick().toNanos() / 1e9);
      lastTickNanos = now;
      drainInbox();
      long started = System.nanoTime();
      int[] dropped = {0};
      boolean[] kafkaDown = {false};
      fleet.tick(
          autopilot,
          realSeconds * config.timeAcceleration(),
          Instant.now(),
          t -> {
            if (kafkaDown[0]) {
              dropped[0]++;
            } else if (!publisher.send(t)) {
              kafkaDown[0] = true;
            }
          });
      if (dropped[0] > 0) {
        publisher.countDropped(dropped[0]);
      }
      tickTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      ticks.increment();
      publishCounts(fleet);
      lastTickCompletedNanos = System.nanoTime();
    } catch (RuntimeException e) {
      log.error("tick failed", e);
    }
  }

  private void publishCounts(Fleet f) {
    f.countByStatus().forEach((s, n) -> byStatus.get(s).set(n));
    stranded.set(f.strandedCount());
    staleFleetEvents.set(f.staleFleetEvents());
    f.countByFault().forEach((mode, n) -> byFault.get(mode).set(n));
  }

  @Override
  public boolean fail(String droneId, DroneFault fault) {
    boolean found = call(() -> fleet.fail(droneId, fault));
    if (found) {
      registry.counter("simulator.faults.switched", "mode", fault.wireName()).increment();
      log.atWarn()
          .addKeyValue("drone_id", droneId)
          .addKeyValue("fault", fault.wireName())
          .log("fault switched on by an operator");
    }
    return found;
  }

  @Override
  public boolean clearFault(String droneId) {
    boolean found = call(() -> fleet.clearFault(droneId));
    if (found) {
      registry.counter("simulator.faults.switched", "mode", "cleared").increment();
      log.atInfo().addKeyValue("drone_id", droneId).log("fault cleared by an operator");
    }
    return found;
  }

  /** A drone's fault as the tick thread sees it (for tests and diagnostics). */
  public Optional<DroneFault> fault(String droneId) {
    return call(() -> fleet.fault(droneId));
  }

  private void flushKv() {
    startFlush();
    try {
      fleet.retryLookups().forEach(this::lookUp);
    } catch (RuntimeException e) {
      log.error("mission lookup retry failed", e);
    }
  }

  /** Starts a merge of the changed drones unless one is running; completes when it is done. */
  private CompletableFuture<Void> startFlush() {
    try {
      drainInbox();
      if (!currentFlush.isDone()) {
        return currentFlush;
      }
      List<PhysicalFix> fixes = fleet.takeKvDirty();
      if (fixes.isEmpty()) {
        return currentFlush;
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      currentFlush = done;
      Flux.fromIterable(fixes)
          .flatMap(
              fix ->
                  kvWriter
                      .merge(fix)
                      .doOnNext(outcome -> countMerge(fix, outcome))
                      .onErrorResume(
                          e -> {
                            registry.counter("simulator.kv.merges", "outcome", "error").increment();
                            inbox.add(fl -> fl.markKvDirty(fix.droneId()));
                            return Mono.empty();
                          }),
              Math.max(1, config.kvConcurrency()))
          .doFinally(signal -> done.complete(null))
          .subscribe();
      return done;
    } catch (RuntimeException e) {
      log.error("kv flush failed", e);
      return currentFlush;
    }
  }

  private void countMerge(PhysicalFix fix, UpdateOutcome<?> outcome) {
    String name;
    if (outcome instanceof UpdateOutcome.Updated) {
      name = "updated";
    } else if (outcome instanceof UpdateOutcome.Declined) {
      name = "unchanged";
    } else {
      name = outcome instanceof UpdateOutcome.Contended ? "contended" : "fenced";
      inbox.add(fl -> fl.markKvDirty(fix.droneId()));
    }
    registry.counter("simulator.kv.merges", "outcome", name).increment();
  }

  /** A drone's state as the tick thread sees it (for tests and diagnostics). */
  public Optional<DroneState> drone(String id) {
    return call(() -> fleet.drone(id));
  }

  /**
   * Merges every drone changed so far into the KV now and waits for it (for tests and shutdown).
   */
  public void flushKvNow(Duration timeout) {
    try {
      CompletableFuture<Void> running = call(() -> currentFlush);
      running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      call(this::startFlush).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("kv merge did not finish within " + timeout, e);
    }
  }

  private <T> T call(java.util.concurrent.Callable<T> c) {
    try {
      return scheduler.submit(c).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("simulator thread did not answer", e);
    }
  }

  public int size() {
    return call(() -> fleet.size());
  }

  public ZonesConfig zones() {
    return zones;
  }

  /** Up while the tick keeps running and the dispatcher events are followed. */
  public Health health() {
    long ageMs = (System.nanoTime() - lastTickCompletedNanos) / 1_000_000;
    long allowedMs = Math.max(5_000, 5 * config.tick().toMillis());
    boolean up = !closed && fleet != null && ageMs <= allowedMs && events != null && events.alive();
    return new Health(
        up,
        fleet == null ? 0 : byStatus.values().stream().mapToInt(AtomicInteger::get).sum(),
        ageMs,
        publisher == null ? "" : publisher.lastError());
  }

  /** The simulator's health for the management endpoint. */
  public record Health(boolean up, int drones, long lastTickAgeMs, String lastKafkaError) {}

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (fleet != null) {
      try {
        flushKvNow(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.warn("final kv flush failed: {}", e.toString());
      }
    }
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (events != null) {
      events.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    log.info("fleet simulator stopped");
  }
}
