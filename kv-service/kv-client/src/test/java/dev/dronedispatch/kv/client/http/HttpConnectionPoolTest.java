package dev.dronedispatch.kv.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The pool against a real HTTP server on loopback whose paths misbehave on request: {@code /ok},
 * {@code /slow?ms=}, {@code /close} (answers with {@code Connection: close}), {@code /drop} (closes
 * without answering). The server counts the connections it accepted.
 */
class HttpConnectionPoolTest {

  static EventLoopGroup group;
  static Channel server;
  static String url;
  static final AtomicInteger accepted = new AtomicInteger();

  @BeforeAll
  static void startServer() throws InterruptedException {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accepted.incrementAndGet();
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(1 << 20))
                        .addLast(new Misbehaving());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    url = "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
  }

  @AfterAll
  static void stopServer() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @BeforeEach
  void resetCount() {
    accepted.set(0);
  }

  static final class Misbehaving extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      switch (q.path()) {
        case "/drop" -> ctx.close();
        case "/slow" -> {
          long ms = Long.parseLong(q.parameters().get("ms").get(0));
          ctx.executor().schedule(() -> answer(ctx, "slow", false), ms, TimeUnit.MILLISECONDS);
        }
        case "/close" -> answer(ctx, "bye", true);
        case "/echo" -> {
          // answers the body back after 0-2 ms, or after 40 ms for bodies starting with "late"
          String body = req.content().toString(StandardCharsets.UTF_8);
          long ms =
              body.startsWith("late")
                  ? 40
                  : java.util.concurrent.ThreadLocalRandom.current().nextInt(3);
          ctx.executor().schedule(() -> answer(ctx, body, false), ms, TimeUnit.MILLISECONDS);
        }
        default ->
            answer(ctx, req.method() + " " + req.content().toString(StandardCharsets.UTF_8), false);
      }
    }

    private static void answer(ChannelHandlerContext ctx, String body, boolean close) {
      DefaultFullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.OK,
              Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      res.headers().setInt("Content-Length", res.content().readableBytes());
      if (close) {
        res.headers().set("Connection", "close");
      }
      ctx.writeAndFlush(res);
      if (close) {
        ctx.close();
      }
    }
  }

  static HttpConnectionPool pool(int connections, Duration timeout) {
    return new HttpConnectionPool(url, connections, Duration.ofSeconds(1), timeout, Map.of());
  }

  static String text(HttpConnectionPool.Response r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void answersComeBackAndKeepAliveConnectionsAreReused() {
    try (HttpConnectionPool p = pool(4, Duration.ofSeconds(2))) {
      for (int i = 0; i < 50; i++) {
        HttpConnectionPool.Response r =
            p.exchange(HttpMethod.POST, "/ok", ("n" + i).getBytes(), "text/plain").block();
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("POST n" + i);
      }
      assertThat(accepted.get()).isEqualTo(1);
    }
  }

  @Test
  void requestsBeyondThePoolSizeWaitTheirTurn() {
    try (HttpConnectionPool p = pool(2, Duration.ofSeconds(5))) {
      List<HttpConnectionPool.Response> all =
          Flux.range(0, 10)
              .flatMap(i -> p.exchange(HttpMethod.GET, "/slow?ms=30", null, null), 10)
              .collectList()
              .block();
      assertThat(all).hasSize(10).allSatisfy(r -> assertThat(text(r)).isEqualTo("slow"));
      assertThat(accepted.get()).isEqualTo(2);
    }
  }

  @Test
  void aLateAnswerTimesOutAndItsConnectionIsNotLentAgain() {
    try (HttpConnectionPool p = pool(1, Duration.ofMillis(150))) {
      assertThatThrownBy(() -> p.exchange(HttpMethod.GET, "/slow?ms=600", null, null).block())
          .isInstanceOf(ReadTimeoutException.class);
      assertThat(text(p.exchange(HttpMethod.GET, "/ok", null, null).block())).isEqualTo("GET ");
      assertThat(accepted.get()).isEqualTo(2);
    }
  }

  @Test
  void waitingTooLongForAConnectionMeansTheRequestWasNotSent() {
    try (HttpConnectionPool p = pool(1, Duration.ofMillis(200))) {
      Disposable busy = p.exchange(HttpMethod.GET, "/slow?ms=1000", null, null).subscribe();
      assertThatThrownBy(() -> p.exchange(HttpMethod.GET, "/ok", null, null).block())
          .hasCauseInstanceOf(HttpConnectionPool.NotSentException.class)
          .satisfies(e -> assertThat(TransportErrors.beforeSend(e)).isTrue());
      busy.dispose();
    }
  }

  @Test
  void aClosedPoolAnswersWithoutHoldingItsLock() {
    // what a refusal sets off may send on another pool; holding this one's lock meanwhile let two
    // event loops doing so crosswise deadlock
    HttpConnectionPool p = pool(1, Duration.ofSeconds(2));
    p.close();
    AtomicBoolean lockHeld = new AtomicBoolean(true);
    assertThatThrownBy(
            () ->
                p.exchange(HttpMethod.GET, "/ok", null, null)
                    .doOnError(e -> lockHeld.set(Thread.holdsLock(p)))
                    .block(Duration.ofSeconds(5)))
        .hasCauseInstanceOf(HttpConnectionPool.NotSentException.class);
    assertThat(lockHeld).isFalse();
  }

  @Test
  void aRefusedConnectionMeansTheRequestWasNotSent() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (HttpConnectionPool p =
        new HttpConnectionPool(
            "http://127.0.0.1:" + closedPort,
            2,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Map.of())) {
      assertThatThrownBy(() -> p.exchange(HttpMethod.GET, "/ok", null, null).block())
          .satisfies(e -> assertThat(TransportErrors.beforeSend(e)).isTrue());
    }
  }

  @Test
  void aConnectionDroppedAfterTheRequestMayHaveBeenDelivered() {
    try (HttpConnectionPool p = pool(2, Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> p.exchange(HttpMethod.POST, "/drop", new byte[1], "x/y").block())
          .satisfies(e -> assertThat(TransportErrors.beforeSend(e)).isFalse())
          .hasMessageContaining("closed before the answer");
      assertThat(text(p.exchange(HttpMethod.GET, "/ok", null, null).block())).isEqualTo("GET ");
    }
  }

  @Test
  void connectionCloseIsHonouredAndTheNextRequestOpensANewOne() {
    try (HttpConnectionPool p = pool(1, Duration.ofSeconds(2))) {
      assertThat(text(p.exchange(HttpMethod.GET, "/close", null, null).block())).isEqualTo("bye");
      assertThat(text(p.exchange(HttpMethod.GET, "/ok", null, null).block())).isEqualTo("GET ");
      assertThat(accepted.get()).isEqualTo(2);
    }
  }

  @Test
  void aCancelledRequestGivesUpItsConnectionAndOthersCarryOn() throws InterruptedException {
    try (HttpConnectionPool p = pool(1, Duration.ofSeconds(2))) {
      Disposable cancelled = p.exchange(HttpMethod.GET, "/slow?ms=500", null, null).subscribe();
      Thread.sleep(50);
      cancelled.dispose();
      assertThat(text(p.exchange(HttpMethod.GET, "/ok", null, null).block())).isEqualTo("GET ");
    }
  }

  @Test
  void manyConcurrentRequestsOnFewConnectionsAllSucceedWithTheirOwnAnswers() {
    try (HttpConnectionPool p = pool(4, Duration.ofSeconds(5))) {
      // sent from other threads than the connections' own, as a server's handlers do
      List<Boolean> matched =
          Flux.range(0, 5000)
              .flatMap(
                  i ->
                      p.exchange(HttpMethod.POST, "/ok", ("m" + i).getBytes(), "text/plain")
                          .subscribeOn(reactor.core.scheduler.Schedulers.parallel())
                          .map(r -> text(r).equals("POST m" + i)),
                  64)
              .collectList()
              .block(Duration.ofSeconds(60));
      assertThat(matched).hasSize(5000).containsOnly(true);
      assertThat(accepted.get()).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void underCancellationsAndTimeoutsEveryAnswerGoesToItsOwnRequest() {
    java.util.concurrent.atomic.AtomicInteger answered =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger timedOut =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<String> mismatches = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (HttpConnectionPool p = pool(4, Duration.ofMillis(20))) {
      Flux.range(0, 3000)
          .flatMap(
              i -> {
                String sent = (i % 10 == 0 ? "late-" : "req-") + i;
                reactor.core.publisher.Mono<HttpConnectionPool.Response> call =
                    p.exchange(HttpMethod.POST, "/echo", sent.getBytes(), "text/plain");
                if (i % 7 == 0) {
                  // cancelled at a random moment: waiting, in flight, or already answered
                  call = call.take(Duration.ofMillis(i % 3));
                }
                return call.doOnNext(
                        r -> {
                          answered.incrementAndGet();
                          if (!text(r).equals(sent)) {
                            mismatches.add(sent + " got " + text(r));
                          }
                        })
                    .onErrorResume(
                        e -> {
                          timedOut.incrementAndGet();
                          return reactor.core.publisher.Mono.empty();
                        });
              },
              64)
          .blockLast(Duration.ofSeconds(60));
    }
    assertThat(mismatches).isEmpty();
    // enough answers for the property to mean something; how many beat the 20 ms timeout depends
    // on the machine's load (about 220 of 3,000 at a load average of 23, over 300 when quiet)
    assertThat(answered.get()).isGreaterThan(30);
    assertThat(timedOut.get()).isGreaterThan(0);
  }

  @Test
  void aClosedPoolRefusesNewRequests() {
    HttpConnectionPool p = pool(1, Duration.ofSeconds(1));
    p.close();
    assertThatThrownBy(() -> p.exchange(HttpMethod.GET, "/ok", null, null).block())
        .hasCauseInstanceOf(HttpConnectionPool.NotSentException.class);
  }
}
