package dev.dronedispatch.gateway.outbox;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code outbox:{epoch-ms 13 digits}:{id}}: a delivery stored but not yet acknowledged by Kafka.
 * Written before the delivery document, removed after the publish was acked; key order is age
 * order, so the sweeper scans the oldest first.
 */
public final class OutboxKeys {

  public static final String PREFIX = "outbox:";

  private OutboxKeys() {}

  public static String of(Instant requestedAt, String id) {
    return PREFIX + String.format("%013d", requestedAt.toEpochMilli()) + ":" + id;
  }

  /** The entry's creation instant and delivery id, or empty for a key of another shape. */
  public static Optional<Entry> parse(String key) {
    if (!key.startsWith(PREFIX) || key.length() < PREFIX.length() + 15) {
      return Optional.empty();
    }
    String rest = key.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon != 13) {
      return Optional.empty();
    }
    try {
      long ms = Long.parseLong(rest.substring(0, 13));
      return Optional.of(new Entry(Instant.ofEpochMilli(ms), rest.substring(14)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public record Entry(Instant createdAt, String deliveryId) {}
}
