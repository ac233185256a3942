package dev.dronedispatch.gateway.config;

import dev.dronedispatch.gateway.idempotency.IdempotencySweeper;
import dev.dronedispatch.gateway.outbox.OutboxSweeper;
import dev.dronedispatch.gateway.zones.ZonesService;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Background work: bootstrap the zones config at start, sweep the outbox every interval and expired
 * idempotency bindings every 60 intervals. Failures are logged and retried later; a gateway whose
 * outbox sweep failed pauses its sweeps for a while so healthy gateways take the lock.
 */
public final class Maintenance implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  private final OutboxSweeper outbox;
  private final IdempotencySweeper idempotency;
  private final ZonesService zones;
  private final Duration interval;
  private static final Duration BACKOFF = Duration.ofSeconds(15);
  private volatile Disposable running;
  private volatile Instant quietUntil = Instant.EPOCH;

  public Maintenance(
      OutboxSweeper outbox, IdempotencySweeper idempotency, ZonesService zones, Duration interval) {
    this.outbox = outbox;
    this.idempotency = idempotency;
    this.zones = zones;
    this.interval = interval;
  }

  @Override
  public void start() {
    zones
        .ensure()
        .subscribe(
            z -> {}, e -> log.warn("zones bootstrap failed, retried on demand: {}", e.toString()));
    running =
        Flux.interval(interval, interval)
            // a tick arriving during a sweep is dropped, not queued: no back-to-back sweeps
            .onBackpressureDrop()
            .concatMap(
                tick -> {
                  Instant now = Instant.now();
                  Mono<Integer> out =
                      now.isBefore(quietUntil)
                          ? Mono.just(0)
                          : outbox
                              .sweepOnce()
                              .onErrorResume(
                                  e -> {
                                    // e.g. Kafka unreachable from here: leave the outbox to the
                                    // other gateways for a while instead of holding its lock
                                    quietUntil = Instant.now().plus(BACKOFF);
                                    log.warn(
                                        "outbox sweep failed, pausing {}: {}",
                                        BACKOFF,
                                        e.toString());
                                    return Mono.just(0);
                                  });
                  if (tick % 60 != 59) {
                    return out;
                  }
                  return out.then(
                      idempotency
                          .sweepOnce()
                          .doOnNext(n -> log.info("removed {} expired idempotency keys", n))
                          .onErrorResume(
                              e -> {
                                log.warn("idempotency sweep failed: {}", e.toString());
                                return Mono.just(0);
                              }));
                })
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable d = running;
    if (d != null) {
      d.dispose();
    }
    running = null;
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }
}
