package dev.dronedispatch.model.documents;

import java.util.Locale;

/** The kinds of KV documents the gateway and the dispatcher read, as named in metrics and logs. */
public enum DocumentKind {
  /** {@code drone:{id}}. */
  DRONE,
  /** {@code delivery:{id}}. */
  DELIVERY,
  /** {@code deliveries_by_time:{ms}:{id}} → the delivery id. */
  DELIVERY_INDEX,
  /** {@code zones_config}. */
  ZONES,
  /** {@code outbox:{ms}:{id}}. */
  OUTBOX,
  /** {@code idem:{key}}. */
  IDEMPOTENCY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
