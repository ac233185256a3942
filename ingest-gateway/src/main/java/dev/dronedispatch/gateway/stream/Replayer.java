package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.model.topics.EventDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads what a reconnecting client missed: for each resumable partition, the records from the
 * client's cursor up to the hub's position when the client registered. At most {@code maxEvents}
 * per call; a truncated replay ends the connection after it so the client reconnects from its last
 * id and continues (no gaps, bounded memory).
 *
 * <p>A bounded read on a consumer of its own, not a listener container: it ends where the hub's
 * position was, and it re-reads records the hub has read already, so a record it cannot decode is
 * passed over here; the hub set it aside in {@code <topic>.dlq} when it read it, and a replay that
 * did so again would add a copy for every reconnect.
 */
public final class Replayer {

  private static final Logger log = LoggerFactory.getLogger(Replayer.class);
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  /** The missed events in offset order per partition; {@code truncated} when more remain. */
  public record Replay(List<StreamEvent> events, boolean truncated) {}

  private final ConsumerFactory<byte[], byte[]> consumers;
  private final int maxEvents;

  /** {@code consumers}: raw-byte consumers with the gateway's settings ({@code read_committed}). */
  public Replayer(ConsumerFactory<byte[], byte[]> consumers, int maxEvents) {
    this.consumers = consumers;
    this.maxEvents = maxEvents;
  }

  public Mono<Replay> replay(StreamCursor from, StreamCursor until) {
    Map<TopicPartition, long[]> ranges = new HashMap<>();
    for (EventKind kind : List.of(EventKind.DELIVERY, EventKind.REQUESTED, EventKind.FLEET)) {
      until
          .partitions(kind)
          .forEach(
              (p, end) -> {
                long start = from.next(kind, p).orElse(end);
                if (start < end) {
                  ranges.put(new TopicPartition(kind.topic(), p), new long[] {start, end});
                }
              });
    }
    if (ranges.isEmpty()) {
      return Mono.just(new Replay(List.of(), false));
    }
    return Mono.fromCallable(() -> read(ranges)).subscribeOn(Schedulers.boundedElastic());
  }

  private Replay read(Map<TopicPartition, long[]> ranges) {
    List<StreamEvent> out = new ArrayList<>();
    try (Consumer<byte[], byte[]> c = consumers.createConsumer()) {
      c.assign(ranges.keySet());
      ranges.forEach((tp, r) -> c.seek(tp, r[0]));
      Map<TopicPartition, long[]> open = new HashMap<>(ranges);
      Instant deadline = Instant.now().plus(DEADLINE);
      while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          long[] range = open.get(tp);
          if (range == null || r.offset() >= range[1]) {
            continue;
          }
          if (out.size() >= maxEvents) {
            return new Replay(out, true);
          }
          StreamEvent e = decode(r);
          if (e != null) {
            out.add(e);
          }
        }
        // a partition is done once the consumer's position reached the end of its range
        open.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue()[1]);
        c.pause(ranges.keySet().stream().filter(tp -> !open.containsKey(tp)).toList());
      }
      if (!open.isEmpty()) {
        log.warn("replay incomplete after {}: {} partitions left", DEADLINE, open.size());
        return new Replay(out, true);
      }
    }
    return new Replay(out, false);
  }

  /** The event as the hub sent it live; null for a tombstone or a record the hub set aside. */
  private static StreamEvent decode(ConsumerRecord<byte[], byte[]> r) {
    try {
      Object event = EventDecoder.decode(r.topic(), r.value());
      return event == null ? null : StreamEvent.of(r.partition(), r.offset(), event);
    } catch (SerializationException setAside) {
      return null;
    }
  }
}
