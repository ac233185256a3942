package dev.dronedispatch.gateway.outbox;

import dev.dronedispatch.model.kv.TimeKey;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code outbox:{time key}} ({@link TimeKey}): a delivery stored but not yet acknowledged by Kafka.
 * Written before the delivery document, removed after the publish was acked; key order is age
 * order, so the sweeper scans the oldest first.
 */
public final class OutboxKeys {

  public static final String PREFIX = "outbox:";

  private OutboxKeys() {}

  public static String of(Instant requestedAt, String id) {
    return PREFIX + TimeKey.of(requestedAt, id);
  }

  /** The entry's creation instant and delivery id, or empty for a key of another shape. */
  public static Optional<Entry> parse(String key) {
    return key.startsWith(PREFIX)
        ? TimeKey.parse(key.substring(PREFIX.length())).map(t -> new Entry(t.at(), t.id()))
        : Optional.empty();
  }

  public record Entry(Instant createdAt, String deliveryId) {}
}
