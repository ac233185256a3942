package dev.dronedispatch.kv.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * Gives the HTTP server's own error answers a problem body. The server answers requests its decoder
 * cannot read — a request line or header section over the limits, broken syntax, a bad
 * Content-Length or chunk — with an empty body before any route sees them; the routes never answer
 * an error without a body, so an empty error answer on its way out is one of those.
 */
@ChannelHandler.Sharable
final class ProtocolErrorProblems extends ChannelDuplexHandler {

  private final int maxRequestLine;
  private final int maxHeaders;

  ProtocolErrorProblems(int maxRequestLine, int maxHeaders) {
    this.maxRequestLine = maxRequestLine;
    this.maxHeaders = maxHeaders;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof FullHttpResponse response
        && response.status().code() >= 400
        && response.content().readableBytes() == 0) {
      ctx.write(withProblem(response), promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  private FullHttpResponse withProblem(FullHttpResponse empty) {
    Problem problem = problemFor(empty.status().code());
    FullHttpResponse full =
        new DefaultFullHttpResponse(
            empty.protocolVersion(), empty.status(), Unpooled.wrappedBuffer(problem.toJson()));
    full.headers()
        .set(empty.headers())
        .set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, full.content().readableBytes());
    empty.release();
    return full;
  }

  private Problem problemFor(int status) {
    return switch (status) {
      case 414 ->
          Problems.of(
              Failure.URI_TOO_LONG, "the request line exceeds " + maxRequestLine + " bytes", null);
      case 431 ->
          Problems.of(
              Failure.HEADERS_TOO_LARGE,
              "the header section exceeds " + maxHeaders + " bytes",
              null);
      default -> Problems.of(Failure.MALFORMED_REQUEST, "the HTTP request could not be read", null);
    };
  }
}
