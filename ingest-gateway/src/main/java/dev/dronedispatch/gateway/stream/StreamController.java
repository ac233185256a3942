package dev.dronedispatch.gateway.stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /stream}: Server-Sent Events of new orders and delivery status changes, fleet events,
 * conflated telemetry and KPIs, with {@code : ping} heartbeats. Every id carries the client's
 * position in the resumable topics, so a reconnect with {@code Last-Event-ID} first replays what
 * was missed.
 */
@RestController
public class StreamController {

  private final EventHub hub;
  private final Replayer replayer;
  private final Duration heartbeat;

  public StreamController(EventHub hub, Replayer replayer, Duration heartbeat) {
    this.hub = hub;
    this.replayer = replayer;
    this.heartbeat = heartbeat;
  }

  @Operation(
      summary = "Live events (SSE): delivery, fleet, telemetry, kpi",
      description =
          "delivery events announce new orders (status pending, reason requested) and every"
              + " status change. Reconnect with Last-Event-ID to resume delivery and fleet events"
              + " without gaps while the topics hold them.")
  @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<Object>> stream(
      @Parameter(description = "the id of the last event received, sent by EventSource")
          @RequestHeader(name = "Last-Event-ID", required = false)
          String lastEventId,
      ServerWebExchange exchange) {
    // tell nginx not to buffer this response
    exchange.getResponse().getHeaders().set("X-Accel-Buffering", "no");
    exchange.getResponse().getHeaders().set("Cache-Control", "no-cache");
    Optional<StreamCursor> from = StreamCursor.fromEventId(lastEventId);
    return Flux.defer(
        () -> {
          EventHub.Registration reg = hub.register();
          StreamCursor hubAt = reg.cursor();
          StreamCursor threshold = from.map(c -> c.max(hubAt)).orElse(hubAt);
          ConnectionCursor position = new ConnectionCursor(from.orElse(hubAt));
          Flux<StreamEvent> events =
              (from.isPresent()
                      ? replayer.replay(from.get(), hubAt)
                      : Mono.just(new Replayer.Replay(List.of(), false)))
                  .flatMapMany(
                      replay -> {
                        Flux<StreamEvent> missed = Flux.fromIterable(replay.events());
                        if (replay.truncated()) {
                          return missed;
                        }
                        return missed
                            .concatWith(Flux.fromIterable(reg.telemetry()))
                            .concatWith(
                                reg.live()
                                    .filter(
                                        e ->
                                            !e.kind().resumable()
                                                || e.offset()
                                                    >= threshold
                                                        .next(e.kind(), e.partition())
                                                        .orElse(0L)));
                      });
          Sinks.Empty<Void> done = Sinks.empty();
          Flux<ServerSentEvent<Object>> data =
              events
                  .publishOn(Schedulers.parallel())
                  .map(position::toSse)
                  .doFinally(signal -> done.tryEmitEmpty());
          Flux<ServerSentEvent<Object>> pings =
              Flux.interval(heartbeat)
                  .map(i -> ServerSentEvent.builder().comment("ping").build())
                  .takeUntilOther(done.asMono());
          return Flux.merge(data, pings).doFinally(signal -> reg.close().run());
        });
  }

  /** One connection's position; events pass through it one at a time. */
  static final class ConnectionCursor {
    private StreamCursor cursor;

    ConnectionCursor(StreamCursor start) {
      this.cursor = start;
    }

    ServerSentEvent<Object> toSse(StreamEvent e) {
      String id;
      if (e.kind().resumable()) {
        cursor = cursor.advanced(e.kind(), e.partition(), e.offset());
        id = e.kind().code() + ":" + e.partition() + ":" + e.offset() + "|" + cursor.encode();
      } else if (e.kind() == EventKind.TELEMETRY) {
        id = e.kind().code() + ":" + e.partition() + ":" + e.offset() + "|" + cursor.encode();
      } else {
        id = e.kind().code() + "|" + cursor.encode();
      }
      return ServerSentEvent.builder(e.data()).event(e.kind().eventName()).id(id).build();
    }
  }
}
