package dev.dronedispatch.kv.web;

import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/** How every KV server (node, coordinator) listens: one place for the HTTP server settings. */
public final class Servers {

  /** Longest request line read (a key is at most one path segment of it). */
  private static final int MAX_REQUEST_LINE = 64 * 1024;

  /** Largest header section read (Netty's default). */
  private static final int MAX_HEADERS = 8 * 1024;

  private static final ProtocolErrorProblems PROBLEMS =
      new ProtocolErrorProblems(MAX_REQUEST_LINE, MAX_HEADERS);

  private Servers() {}

  /** Binds {@code router} on host:port (0 = any free port) and waits until it listens. */
  public static DisposableServer bind(Router router, String host, int port) {
    return HttpServer.create()
        .host(host)
        .port(port)
        .httpRequestDecoder(
            spec -> spec.maxInitialLineLength(MAX_REQUEST_LINE).maxHeaderSize(MAX_HEADERS))
        .doOnChannelInit(
            (observer, channel, remote) ->
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "kv.problems", PROBLEMS))
        // so closing the server also closes its keep-alive connections
        .channelGroup(new DefaultChannelGroup(GlobalEventExecutor.INSTANCE))
        .handle(router::serve)
        .bindNow(Duration.ofSeconds(10));
  }

  /** The URL a local client uses for a server bound to {@code host} (any address → loopback). */
  public static String localUrl(String host, int port) {
    return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port;
  }
}
