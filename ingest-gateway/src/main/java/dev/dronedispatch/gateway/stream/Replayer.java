package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.gateway.kafka.KafkaSettings;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads what a reconnecting client missed: for each resumable partition, the records from the
 * client's cursor up to the hub's position when the client registered. At most {@code maxEvents}
 * per call; a truncated replay ends the connection after it so the client reconnects from its last
 * id and continues (no gaps, bounded memory).
 */
public final class Replayer {

  private static final Logger log = LoggerFactory.getLogger(Replayer.class);
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  /** The missed events in offset order per partition; {@code truncated} when more remain. */
  public record Replay(List<StreamEvent> events, boolean truncated) {}

  private final KafkaSettings settings;
  private final int maxEvents;

  public Replayer(KafkaSettings settings, int maxEvents) {
    this.settings = settings;
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
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings.consumer("replay"))) {
      c.assign(ranges.keySet());
      ranges.forEach((tp, r) -> c.seek(tp, r[0]));
      Map<TopicPartition, long[]> open = new HashMap<>(ranges);
      Instant deadline = Instant.now().plus(DEADLINE);
      while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
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

  /** The event as the hub sent it live; null for a record the hub skips too. */
  private static StreamEvent decode(ConsumerRecord<String, byte[]> r) {
    try {
      if (r.topic().equals(Topics.DELIVERIES_STATUS.name())) {
        DeliveryStatusChanged e =
            Topics.DELIVERIES_STATUS.valueSerde().deserializer().deserialize(r.topic(), r.value());
        return e == null ? null : new StreamEvent(EventKind.DELIVERY, r.partition(), r.offset(), e);
      }
      if (r.topic().equals(Topics.DELIVERIES_REQUESTED.name())) {
        DeliveryRequested e =
            Topics.DELIVERIES_REQUESTED
                .valueSerde()
                .deserializer()
                .deserialize(r.topic(), r.value());
        return e == null || e.id() == null
            ? null
            : StreamEvent.requested(r.partition(), r.offset(), e);
      }
      FleetEvent e =
          Topics.FLEET_EVENTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
      return e == null ? null : new StreamEvent(EventKind.FLEET, r.partition(), r.offset(), e);
    } catch (RuntimeException ex) {
      return null;
    }
  }
}
