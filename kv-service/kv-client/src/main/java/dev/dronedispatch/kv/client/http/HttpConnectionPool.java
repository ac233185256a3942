package dev.dronedispatch.kv.client.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A lean HTTP/1.1 client for one server: up to {@code maxConnections} keep-alive connections, one
 * request at a time on each, requests waiting for a free connection in arrival order, and a
 * response timeout per request (and as long, at most, to wait for a free connection). Netty's codec
 * speaks the protocol; this class only lends connections and matches each response to its request.
 *
 * <p>Why not reactor-netty's {@code HttpClient}: on the 2-core machine its per-request bookkeeping
 * cost more than the exchange itself (~48,000 vs ~130,000 requests/s of one trivial GET against the
 * same server, {@code HttpClientCost} in kv-bench), and the KV client and the coordinator's node
 * links are the system's hottest paths.
 */
public final class HttpConnectionPool implements AutoCloseable {

  /** A server's answer. */
  public record Response(int status, byte[] body, HttpHeaders headers) {

    /** The header's first value; empty when the answer has none. */
    public Optional<String> header(CharSequence name) {
      return Optional.ofNullable(headers.get(name));
    }
  }

  /** The request certainly did not reach the server: safe to send again, even a CAS. */
  public static final class NotSentException extends IOException {
    NotSentException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Largest response accepted (scans and batch reads of large values). */
  private static final int MAX_RESPONSE = 256 * 1024 * 1024;

  private static final class SharedLoop {
    static final boolean EPOLL = Epoll.isAvailable();
    static final EventLoopGroup GROUP =
        new MultiThreadIoEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("kv-http-client", true),
            EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  private final String host;
  private final int port;
  private final String pathPrefix;
  private final String hostHeader;
  private final int maxConnections;
  private final Duration responseTimeout;
  private final Map<String, String> fixedHeaders;
  private final Bootstrap bootstrap;

  // guarded by this
  private final ArrayDeque<Channel> idle = new ArrayDeque<>();
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  private int open;
  private boolean closed;

  /**
   * {@code baseUrl}: {@code http://host[:port][/prefix]}; {@code fixedHeaders} go with every
   * request (for example {@code Authorization}).
   */
  public HttpConnectionPool(
      String baseUrl,
      int maxConnections,
      Duration connectTimeout,
      Duration responseTimeout,
      Map<String, String> fixedHeaders) {
    URI uri = URI.create(baseUrl);
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("expected http://host[:port], got " + baseUrl);
    }
    this.host = uri.getHost();
    this.port = uri.getPort() < 0 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.pathPrefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.hostHeader = uri.getPort() < 0 ? host : host + ":" + port;
    this.maxConnections = maxConnections;
    this.responseTimeout = responseTimeout;
    this.fixedHeaders = Map.copyOf(fixedHeaders);
    this.bootstrap =
        new Bootstrap()
            .group(SharedLoop.GROUP)
            .channel(SharedLoop.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(MAX_RESPONSE))
                        .addLast(new ResponseHandler());
                  }
                });
  }

  /**
   * Sends one request ({@code body} null: none) and answers the response, whatever its status.
   * Fails with {@link NotSentException} when no connection could be had, with {@link
   * ReadTimeoutException} when the answer took longer than the response timeout, and with another
   * {@link IOException} when the connection broke after the request went out.
   */
  public Mono<Response> exchange(HttpMethod method, String uri, byte[] body, String contentType) {
    return exchange(method, uri, body, contentType, Map.of());
  }

  /** {@link #exchange(HttpMethod, String, byte[], String)} with this request's own headers too. */
  public Mono<Response> exchange(
      HttpMethod method, String uri, byte[] body, String contentType, Map<String, String> headers) {
    return Mono.create(
        sink -> {
          Exchange ex = new Exchange(request(method, uri, body, contentType, headers), sink);
          sink.onCancel(ex::cancel);
          acquire(ex);
        });
  }

  private FullHttpRequest request(
      HttpMethod method, String uri, byte[] body, String contentType, Map<String, String> headers) {
    DefaultFullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            method,
            pathPrefix + uri,
            body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    req.headers().set(HttpHeaderNames.HOST, hostHeader);
    req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
    if (body != null) {
      req.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    fixedHeaders.forEach((k, v) -> req.headers().set(k, v));
    headers.forEach((k, v) -> req.headers().set(k, v));
    return req;
  }

  private void acquire(Exchange ex) {
    Channel ch = null;
    boolean connect = false;
    boolean refused;
    synchronized (this) {
      refused = closed;
      while (!refused && !idle.isEmpty()) {
        Channel c = idle.pollLast();
        if (c.isActive()) {
          ch = c;
          break;
        }
      }
      if (!refused && ch == null) {
        if (open < maxConnections) {
          open++;
          connect = true;
        } else {
          waiting.add(ex);
          ex.startTimer(SharedLoop.GROUP.next());
        }
      }
    }
    // answered outside the lock: what a failure sets off may take another pool's lock (a node
    // client's pipelines send to every node), and two loops doing so crosswise deadlocked
    if (refused) {
      ex.fail(new NotSentException("client is closed", null));
    } else if (ch != null) {
      ex.send(ch);
    } else if (connect) {
      connect(ex);
    }
  }

  private void connect(Exchange ex) {
    bootstrap
        .connect(host, port)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ex.send(((io.netty.channel.ChannelFuture) f).channel());
                return;
              }
              ex.fail(
                  new NotSentException(
                      "cannot connect to " + hostHeader + ": " + f.cause(), f.cause()));
              connectionGone();
            });
  }

  /** A connection is free again: the next waiting request takes it, or it goes idle. */
  private void release(Channel ch) {
    Exchange next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        if (closed) {
          ch.close();
        } else {
          idle.addLast(ch);
        }
        return;
      }
    }
    next.send(ch);
  }

  /** A connection closed: forget it, and open another for a waiting request, if any. */
  private void lost(Channel ch) {
    synchronized (this) {
      idle.remove(ch);
    }
    connectionGone();
  }

  /** One connection fewer (closed, or never made): the next waiting request gets a new one. */
  private void connectionGone() {
    Exchange next;
    synchronized (this) {
      open--;
      next = open < maxConnections && !closed ? waiting.poll() : null;
      if (next != null) {
        open++;
      }
    }
    if (next != null) {
      connect(next);
    }
  }

  @Override
  public void close() {
    ArrayDeque<Exchange> abandoned;
    synchronized (this) {
      closed = true;
      idle.forEach(Channel::close);
      idle.clear();
      abandoned = new ArrayDeque<>(waiting);
      waiting.clear();
    }
    abandoned.forEach(ex -> ex.fail(new NotSentException("client is closed", null)));
  }

  /**
   * One request on its way: waiting for a connection, then in flight, then done. Exactly one of the
   * answer, a failure, the timeout or a cancellation finishes it ({@link #finish}); only the
   * finisher touches the connection afterwards, so a connection already lent to the next request is
   * never closed by a late timeout or cancellation of this one.
   */
  private final class Exchange {
    private final FullHttpRequest request;
    private final MonoSink<Response> sink;
    // guarded by this
    private boolean done;
    private Channel channel;
    private ScheduledFuture<?> timer;

    Exchange(FullHttpRequest request, MonoSink<Response> sink) {
      this.request = request;
      this.sink = sink;
    }

    /** Times the wait for a connection, then the answer (on the connection's own loop). */
    synchronized void startTimer(EventExecutor loop) {
      if (done) {
        return;
      }
      if (timer != null) {
        timer.cancel(false);
      }
      timer = loop.schedule(this::timedOut, responseTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void send(Channel ch) {
      boolean finished;
      synchronized (this) {
        finished = done;
        if (!finished) {
          channel = ch;
        }
      }
      if (finished) {
        release(ch); // finished while waiting: the connection was not used
        return;
      }
      startTimer(ch.eventLoop());
      ch.pipeline().get(ResponseHandler.class).current = this;
      ch.writeAndFlush(request)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  ch.close();
                }
              });
    }

    /** Claims the right to finish: false when another path finished it first. */
    private synchronized boolean finish() {
      if (done) {
        return false;
      }
      done = true;
      if (timer != null) {
        timer.cancel(false);
      }
      return true;
    }

    /** The connection it was sent on (null: none yet); fixed once finished. */
    private synchronized Channel channel() {
      return channel;
    }

    /** The answer came on {@code ch}: lends the connection on (or closes it), then answers. */
    void answered(Channel ch, boolean keepAlive, Response response) {
      if (!finish()) {
        ch.close(); // already timed out or cancelled: nobody wants this connection's state
        return;
      }
      if (keepAlive) {
        release(ch);
      } else {
        ch.close();
      }
      sink.success(response);
    }

    void fail(Throwable error) {
      if (finish()) {
        sink.error(error);
      }
    }

    private void timedOut() {
      if (!finish()) {
        return;
      }
      Channel ch = channel();
      if (ch != null) {
        ch.close(); // a late answer must not be taken for the next request's
        sink.error(ReadTimeoutException.INSTANCE);
      } else {
        // waiting for a connection, or handed a slot and still connecting: nothing was written
        dequeue();
        sink.error(
            new NotSentException(
                "no connection to " + hostHeader + " within " + responseTimeout, null));
      }
    }

    private void cancel() {
      if (!finish()) {
        return;
      }
      Channel ch = channel();
      if (ch != null) {
        ch.close();
      } else {
        dequeue();
      }
    }

    private void dequeue() {
      synchronized (HttpConnectionPool.this) {
        waiting.remove(this);
      }
    }
  }

  /** Per connection: hands the response to the request in flight. */
  private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    volatile Exchange current;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
      Exchange ex = current;
      current = null;
      if (ex == null) {
        ctx.close(); // an answer nobody asked for: the connection's state is unknown
        return;
      }
      byte[] body = new byte[res.content().readableBytes()];
      res.content().readBytes(body);
      ex.answered(
          ctx.channel(),
          HttpUtil.isKeepAlive(res),
          new Response(res.status().code(), body, res.headers()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Exchange ex = current;
      current = null;
      lost(ctx.channel());
      if (ex != null) {
        ex.fail(new IOException("connection to " + hostHeader + " closed before the answer"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Exchange ex = current;
      current = null;
      ctx.close();
      if (ex != null) {
        ex.fail(cause instanceof IOException ? cause : new IOException(cause));
      }
    }
  }

  /** Fixed headers for a bearer token, if any. */
  public static Map<String, String> bearer(Optional<String> token) {
    return token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of());
  }
}
