package dev.dronedispatch.gateway.config;

import dev.dronedispatch.gateway.idempotency.IdempotencySweeper;
import dev.dronedispatch.gateway.outbox.OutboxSweeper;
import dev.dronedispatch.gateway.zones.ZonesService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Background work: bootstrap the zones config at start, sweep the outbox every interval and expired
 * idempotency bindings every 60 intervals. Failures are logged and retried next round.
 */
public final class Maintenance implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  private final OutboxSweeper outbox;
  private final IdempotencySweeper idempotency;
  private final ZonesService zones;
  private final Duration interval;
  private volatile Disposable running;

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
            .concatMap(
                tick -> {
                  Mono<Integer> out =
                      outbox
                          .sweepOnce()
                          .onErrorResume(
                              e -> {
                                log.warn("outbox sweep failed: {}", e.toString());
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
