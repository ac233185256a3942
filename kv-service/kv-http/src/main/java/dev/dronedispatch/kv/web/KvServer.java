package dev.dronedispatch.kv.web;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.netty.DisposableServer;

/**
 * What every KV server (node, coordinator) shares: its metrics and health ({@link Observability}),
 * its HTTP listener, and a close that runs once — first the listener stops taking requests, then
 * the server's own parts stop ({@link #stopParts}), then its metrics.
 */
public abstract class KvServer implements AutoCloseable {

  protected final Observability obs;
  private final String host;
  private final AtomicBoolean closed = new AtomicBoolean();
  private DisposableServer server;
  private Router router;

  protected KvServer(Observability obs, String host) {
    this.obs = obs;
    this.host = host;
  }

  /** Starts listening; the constructor of a subclass calls it once its routes are ready. */
  protected final void listen(Router router, int port) {
    this.router = router;
    server = Servers.bind(router, host, port);
  }

  /** The server's metrics, as {@code /actuator/prometheus} shows them. */
  public MeterRegistry registry() {
    return obs.registry();
  }

  public int port() {
    return server.port();
  }

  public String url() {
    return Servers.localUrl(host, port());
  }

  @Override
  public final void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // requests still arriving on kept-alive connections are refused, so none reaches a stopped part
    router.refuseFromNowOn();
    server.disposeNow(Duration.ofSeconds(5));
    stopParts();
    obs.registry().close();
  }

  /** Stops what the server runs, once no request is being taken any more. */
  protected abstract void stopParts();
}
