package dev.dronedispatch.gateway.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Answers, with a problem document, the requests that never reach Spring: those the HTTP codec
 * could not decode (a request line or header block over its limits: 414, 431; anything else: 400)
 * and those whose target is not a valid URI (an invalid percent-encoding or a raw illegal
 * character: 400), which the framework's adapter would answer with an empty 400. It sits right
 * after the codec, one per connection, and closes the connection after answering (the codec
 * discards the rest of a bad message anyway).
 */
public final class MalformedRequestGuard extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(MalformedRequestGuard.class);

  private final InstanceId instance;
  private final MeterRegistry metrics;
  private boolean discarding;

  public MalformedRequestGuard(InstanceId instance, MeterRegistry metrics) {
    this.instance = instance;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      Optional<ApiProblem> refusal = refusal(request);
      discarding = refusal.isPresent();
      if (discarding) {
        ReferenceCountUtil.release(msg);
        answer(ctx, request, refusal.get());
        return;
      }
    } else if (discarding && msg instanceof HttpContent) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** Why the request cannot be handled, if it cannot. Pure. */
  static Optional<ApiProblem> refusal(HttpRequest request) {
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      Throwable cause = decoded.cause();
      if (cause instanceof TooLongHttpLineException) {
        return Optional.of(
            problem(
                HttpStatus.URI_TOO_LONG,
                "uri-too-long",
                "Request line too long",
                "the request line is over the server's limit"));
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return Optional.of(
            problem(
                HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "headers-too-large",
                "Request headers too large",
                "the request headers are over the server's limit"));
      }
      return Optional.of(
          problem(
              HttpStatus.BAD_REQUEST,
              "malformed-request",
              "Malformed request",
              cause instanceof TooLongFrameException
                  ? "a part of the request is over the server's limit"
                  : "the request is not valid HTTP/1.1"));
    }
    try {
      new URI(request.uri());
    } catch (URISyntaxException e) {
      return Optional.of(
          problem(
              HttpStatus.BAD_REQUEST,
              "malformed-uri",
              "Malformed request target",
              "the request target is not a valid URI (e.g. an invalid percent-encoding or an"
                  + " unescaped space): "
                  + e.getReason()));
    }
    return Optional.empty();
  }

  private static ApiProblem problem(HttpStatus status, String slug, String title, String detail) {
    return new ApiProblem(status, slug, title, detail, List.of(), Map.of());
  }

  private void answer(ChannelHandlerContext ctx, HttpRequest request, ApiProblem problem) {
    String requestId = RequestIds.resolve(request.headers().get(RequestIds.HEADER));
    metrics.counter("gateway.requests.malformed", "reason", problem.slug()).increment();
    log.info(
        "refused malformed request reason={} request_id={} remote={}",
        problem.slug(),
        requestId,
        ctx.channel().remoteAddress());
    // the target is no valid URI reference, so the document names no instance
    byte[] body = ProblemErrorHandler.document(problem, null, requestId);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(problem.status().value()),
            Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, ProblemErrorHandler.PROBLEM_JSON.toString())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(RequestIds.HEADER, requestId)
        .set(RequestIds.INSTANCE_HEADER, instance.value());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
