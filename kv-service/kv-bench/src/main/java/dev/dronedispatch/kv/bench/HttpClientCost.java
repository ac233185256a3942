package dev.dronedispatch.kv.bench;

import dev.dronedispatch.kv.client.http.HttpConnectionPool;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * What an HTTP exchange costs the client: the same trivial GET against one minimal Netty server, 32
 * closed-loop clients, through reactor-netty's {@code HttpClient} (configured as the KV client was:
 * pooled, response timeout, default headers) and through our {@link HttpConnectionPool}. Prints
 * requests/s per client; the server side is the same for both. Not a test.
 *
 * <p>Arguments: {@code --seconds=} (10 per client, after a 2 s warm-up), {@code --clients=} (32).
 */
public final class HttpClientCost {

  private static final byte[] BODY =
      "{\"key\":\"bench:1:2\",\"value\":{\"n\":1},\"version\":3,\"ts\":123}"
          .getBytes(StandardCharsets.UTF_8);

  private HttpClientCost() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opt = new java.util.HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      opt.put(a.substring(2, eq), a.substring(eq + 1));
    }
    Duration measure = Duration.ofSeconds(Long.parseLong(opt.getOrDefault("seconds", "10")));
    int clients = Integer.parseInt(opt.getOrDefault("clients", "32"));
    EventLoopGroup serverLoop = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    Channel server = minimalServer(serverLoop);
    String url = "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    System.out.println("| HTTP client | clients | requests/s |");
    System.out.println("|---|---|---|");

    ConnectionProvider provider = ConnectionProvider.builder("cost").maxConnections(64).build();
    HttpClient reactorNetty =
        HttpClient.create(provider)
            .baseUrl(url)
            .keepAlive(true)
            .responseTimeout(Duration.ofSeconds(5))
            .headers(h -> h.set("Content-Type", "application/json"));
    report(
        "reactor-netty HttpClient",
        clients,
        ClosedLoop.run(
            c ->
                reactorNetty
                    .get()
                    .uri("/kv/bench%3A1%3A2")
                    .responseSingle((res, body) -> body.asByteArray())
                    .map(b -> b.length > 0),
            clients,
            Duration.ofSeconds(2),
            measure));
    provider.disposeLater().block();

    try (HttpConnectionPool pool =
        new HttpConnectionPool(url, 64, Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of())) {
      report(
          "HttpConnectionPool",
          clients,
          ClosedLoop.run(
              c ->
                  pool.exchange(HttpMethod.GET, "/kv/bench%3A1%3A2", null, null)
                      .map(r -> r.body().length > 0),
              clients,
              Duration.ofSeconds(2),
              measure));
    }
    server.close().syncUninterruptibly();
    serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static void report(String name, int clients, ClosedLoop.Cell cell) {
    System.out.printf(Locale.ROOT, "| %s | %d | %,.0f |%n", name, clients, cell.okPerSecond());
  }

  private static Channel minimalServer(EventLoopGroup loop) throws InterruptedException {
    return new ServerBootstrap()
        .group(loop)
        .channel(EpollServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(1 << 16))
                    .addLast(
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                          @Override
                          protected void channelRead0(
                              ChannelHandlerContext ctx, FullHttpRequest req) {
                            DefaultFullHttpResponse res =
                                new DefaultFullHttpResponse(
                                    HttpVersion.HTTP_1_1,
                                    HttpResponseStatus.OK,
                                    Unpooled.wrappedBuffer(BODY));
                            res.headers()
                                .set("Content-Type", "application/json")
                                .setInt("Content-Length", BODY.length);
                            ctx.writeAndFlush(res);
                          }
                        });
              }
            })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
  }
}
